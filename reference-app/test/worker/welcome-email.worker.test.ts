import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import type { MailMessage } from '../../src/libs/mail/index.ts';
import { emailBroker } from '../../src/worker/brokers/email-broker.ts';
import type { TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { messagesTo } from '../support/mailbox.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

async function welcomeSentAt(api: TestApi, userId: string): Promise<Date | undefined> {
  const row = await api.container.cradle.database
    .handle('users')
    .where({ id: userId })
    .first('welcomeEmailSentAt');
  return row?.welcomeEmailSentAt ?? undefined;
}

describe('worker: send-welcome-email (real Redis, real worker process)', () => {
  let stack: IsolatedStack;
  let api: TestApi;
  before(async () => {
    ({ stack, api } = await isolatedApi());
  });
  after(() => api.close());

  it('when a user registers, then a running worker sends one welcome and records it, and SIGTERM exits 0', async () => {
    const worker = startProcess('src/main-worker.ts', stack.env);
    await eventually(async () => (worker.output().includes('worker ready') ? true : undefined));
    const registration = aRegistration();

    const { body: user } = await api.post('/api/client/auth/register', registration);

    await eventually(() => welcomeSentAt(api, user.id));
    const messages = await messagesTo(registration.email, stack.env.MAIL_FILE_DIR);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /Subject: Welcome, Ada Lovelace!/);
    assert.match(worker.output(), /"task":"send-welcome-email".*"attempt":1.*"outcome":"sent"/);

    worker.child.kill('SIGTERM');
    assert.equal(await exitOf(worker.child), 0, worker.output());
    assert.match(worker.output(), /stopped cleanly/);
  });
});

describe('worker: retries with backoff (real Redis, worker in this process)', () => {
  let stack: IsolatedStack;
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startWorkerInProcess>>;
  const attempts: (MailMessage & { at: number })[] = [];
  before(async () => {
    ({ stack, api } = await isolatedApi());
    worker = await startWorkerInProcess({
      env: stack.env,
      overrides: {
        mailer: asValue({
          async send(message: MailMessage) {
            attempts.push({ ...message, at: Date.now() });
            if (attempts.length === 1) throw new Error('mail server hiccup');
          },
          close: async () => {},
        }),
      },
    });
  });
  after(async () => {
    await worker.stop();
    await api.close();
  });

  // #region retry-backoff-test
  it("when the first send fails, then the retry waits the broker's backoff and the welcome is recorded once", async () => {
    const { body: user } = await api.post('/api/client/auth/register', aRegistration());

    const sentAt = await eventually(() => welcomeSentAt(api, user.id));

    assert.ok(sentAt instanceof Date);
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0]?.to, attempts[1]?.to);
    // The email broker's first wait: its backoff's delay, shortened by up to its jitter.
    const { delayMs, jitter } = emailBroker.tasks['send-welcome-email']?.backoff ?? {};
    const shortest = (delayMs ?? 0) * (1 - (jitter ?? 0));
    const waited = (attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0);
    assert.ok(
      waited >= shortest - 50,
      `retried after ${waited} ms, the shortest wait is ${shortest}`,
    );
  });
  // #endregion retry-backoff-test
});
