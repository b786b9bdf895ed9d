import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { buildContainer } from '../../src/container.ts';
import type { MailMessage } from '../../src/libs/mail/index.ts';
import { startWorker } from '../../src/worker/app.ts';
import { brokers } from '../../src/worker/brokers/index.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { openTestDatabase } from '../support/database.ts';
import { testConfig, testEnvironment } from '../support/environment.ts';
import { messagesTo } from '../support/mailbox.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { eventually } from '../support/wait.ts';

const database = openTestDatabase();
after(() => database.close());

async function welcomeSentAt(userId: string): Promise<Date | undefined> {
  const row = await database.handle('users').where({ id: userId }).first('welcomeEmailSentAt');
  return row?.welcomeEmailSentAt ?? undefined;
}

describe('worker: send-welcome-email (real Redis, real worker process)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when a user registers, then a running worker sends one welcome and records it, and SIGTERM exits 0', async () => {
    const worker = startProcess('src/main-worker.ts');
    await eventually(async () => (worker.output().includes('worker ready') ? true : undefined));
    const registration = aRegistration();

    const { body: user } = await api.post('/api/client/auth/register', registration);

    await eventually(() => welcomeSentAt(user.id));
    const messages = await messagesTo(registration.email);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /Subject: Welcome, Ada Lovelace!/);
    assert.match(worker.output(), /"task":"send-welcome-email".*"attempt":1.*"outcome":"sent"/);

    worker.child.kill('SIGTERM');
    assert.equal(await exitOf(worker.child), 0, worker.output());
    assert.match(worker.output(), /stopped cleanly/);
  });
});

describe('worker: retries (real Redis, worker in this process)', () => {
  const env = { QUEUE_PREFIX: `${testEnvironment.QUEUE_PREFIX}-retry` };
  let api: TestApi;
  let attempts: MailMessage[];
  let container: ReturnType<typeof buildContainer>;
  before(async () => {
    api = await startApi({ env });
    attempts = [];
    container = buildContainer(testConfig(env), {
      mailer: asValue({
        async send(message: MailMessage) {
          attempts.push(message);
          if (attempts.length === 1) throw new Error('mail server hiccup');
        },
        close: async () => {},
      }),
    });
    await startWorker(container, brokers);
  });
  after(async () => {
    await container.dispose();
    await api.close();
  });

  it('when the first send fails, then the job is retried after its backoff and the welcome is recorded once', async () => {
    const { body: user } = await api.post('/api/client/auth/register', aRegistration());

    const sentAt = await eventually(() => welcomeSentAt(user.id));

    assert.ok(sentAt instanceof Date);
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0]?.to, attempts[1]?.to);
  });
});
