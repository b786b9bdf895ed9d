import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { asClass } from 'awilix';
import { type RegisterUserInput, UserService } from '../../src/services/users/user-service.ts';
import { signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { messagesTo } from '../support/mailbox.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

const keyed = (key: string) => ({ 'idempotency-key': key });

async function usersWithEmail(api: TestApi, email: string): Promise<number> {
  const rows = await api.container.cradle.database
    .handle('users')
    .where({ email })
    .count({ count: '*' });
  return Number(rows[0]?.count);
}

// #region idempotency-test
describe('API Idempotency-Key: a client that retries does the work once', function () {
  this.timeout(30_000);
  let stack: IsolatedStack;
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startWorkerInProcess>>;
  before(async () => {
    ({ stack, api } = await isolatedApi());
    worker = await startWorkerInProcess({ env: stack.env });
  });
  after(async () => {
    await worker.stop();
    await api.close();
  });

  it('when a sign-up is sent again with its key, then the first 201 comes back, and there is one user and one welcome', async () => {
    const registration = aRegistration();
    const key = randomUUID();

    const first = await api.post('/api/client/auth/register', registration, keyed(key));
    const retry = await api.post('/api/client/auth/register', registration, keyed(key));

    assert.deepEqual([first.status, retry.status], [201, 201]);
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers.get('location'), '/api/client/me');
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(await usersWithEmail(api, registration.email), 1);
    await eventually(async () =>
      (await messagesTo(registration.email, stack.env.MAIL_FILE_DIR)).length ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await messagesTo(registration.email, stack.env.MAIL_FILE_DIR)).length, 1);
  });

  it('when the same sign-up is sent twice at once with one key, then one runs, the other is told to wait, and there is one user', async () => {
    const registration = aRegistration();
    const key = randomUUID();

    const answers = await Promise.all([
      api.post('/api/client/auth/register', registration, keyed(key)),
      api.post('/api/client/auth/register', registration, keyed(key)),
    ]);
    const later = await api.post('/api/client/auth/register', registration, keyed(key));

    const statuses = answers.map((answer) => answer.status).sort();
    assert.ok(
      ['201,201', '201,409'].includes(statuses.join()),
      `answered ${statuses.join(' and ')}`,
    );
    const waiting = answers.find((answer) => answer.status === 409);
    if (waiting) {
      assert.equal(waiting.body.error.code, 'IDEMPOTENCY_KEY_IN_USE');
      assert.equal(waiting.headers.get('retry-after'), '1');
    }
    assert.equal(later.status, 201);
    assert.equal(await usersWithEmail(api, registration.email), 1);
  });

  it('when the key comes back with another request, then 422 IDEMPOTENCY_KEY_REUSED and nothing is done', async () => {
    const key = randomUUID();
    await api.post('/api/client/auth/register', aRegistration(), keyed(key));
    const other = aRegistration();

    const response = await api.post('/api/client/auth/register', other, keyed(key));

    assert.deepEqual([response.status, response.body.error.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
    assert.equal(await usersWithEmail(api, other.email), 0);
  });

  it('when a request was refused (409 EMAIL_TAKEN), then its retry gets the same refusal', async () => {
    const registration = aRegistration();
    await api.post('/api/client/auth/register', registration);
    const key = randomUUID();

    const first = await api.post('/api/client/auth/register', registration, keyed(key));
    const retry = await api.post('/api/client/auth/register', registration, keyed(key));

    assert.deepEqual([first.status, retry.status], [409, 409]);
    assert.deepEqual(retry.body, first.body);
  });

  it('when the key is not a key, then 400 VALIDATION_FAILED names the header', async () => {
    const response = await api.post(
      '/api/client/auth/register',
      aRegistration(),
      keyed('x'.repeat(256)),
    );

    assert.equal(response.status, 400);
    assert.deepEqual(response.body.error.details.fields, [
      {
        field: 'Idempotency-Key',
        location: 'header',
        message: '1 to 255 visible ASCII characters',
      },
    ]);
  });

  it('when two admins use the same key, then each gets an export of their own: keys belong to their caller', async () => {
    const first = await signUp(api, 'admin');
    const second = await signUp(api, 'admin');
    const key = randomUUID();

    const answers = await Promise.all(
      [first, second].map((admin) =>
        api.post('/api/admin/exports/users', undefined, { ...admin.auth, ...keyed(key) }),
      ),
    );
    const again = await api.post('/api/admin/exports/users', undefined, {
      ...first.auth,
      ...keyed(key),
    });

    assert.deepEqual(
      answers.map((answer) => answer.status),
      [202, 202],
    );
    assert.notEqual(answers[0]?.body.exportId, answers[1]?.body.exportId);
    assert.equal(again.body.exportId, answers[0]?.body.exportId);
  });
});
// #endregion idempotency-test

class FailsOnce extends UserService {
  #failed = false;
  override async register(input: RegisterUserInput) {
    if (this.#failed) return super.register(input);
    this.#failed = true;
    throw new Error('the first attempt breaks on our side');
  }
}

describe('API Idempotency-Key after a failure on our side', () => {
  it('when the first request answers 500, then the key is free and the retry does the work', async () => {
    const api = await startApi({ overrides: { userService: asClass(FailsOnce).singleton() } });
    try {
      const registration = aRegistration();
      const key = randomUUID();

      const first = await api.post('/api/client/auth/register', registration, keyed(key));
      const retry = await api.post('/api/client/auth/register', registration, keyed(key));

      assert.deepEqual([first.status, retry.status], [500, 201]);
      assert.equal(retry.headers.get('idempotent-replayed'), null);
      assert.equal(await usersWithEmail(api, registration.email), 1);
    } finally {
      await api.close();
    }
  });
});
