import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { buildContainer } from '../../src/container.ts';
import type { MailMessage } from '../../src/libs/mail/index.ts';
import { createQueueClient } from '../../src/libs/queue/index.ts';
import { startConsumers } from '../../src/worker/app.ts';
import { type Broker, brokers } from '../../src/worker/brokers/index.ts';
import { type Actor, signUp } from '../support/actors.ts';
import type { TestApi } from '../support/api.ts';
import { testConfig } from '../support/environment.ts';
import { capturedLogger } from '../support/log-capture.ts';
import { recordableLogLines, recordTranscript } from '../support/recorder.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

/** The real brokers, with the email task's policy changed for a fast test. */
function withEmailPolicy(policy: Partial<Broker['tasks']['send-welcome-email']>): Broker[] {
  return brokers.map((broker) => {
    const task = broker.tasks['send-welcome-email'];
    return task
      ? { ...broker, tasks: { ...broker.tasks, 'send-welcome-email': { ...task, ...policy } } }
      : broker;
  });
}

describe('worker: dead letters (real Redis, real PostgreSQL)', () => {
  let stack: IsolatedStack;
  let api: TestApi;
  let admin: Actor;
  let failing = true;
  const sent: MailMessage[] = [];
  let worker: Awaited<ReturnType<typeof startWorkerInProcess>> | undefined;

  before(async () => {
    ({ stack, api } = await isolatedApi());
    admin = await signUp(api, 'admin');
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  after(() => api.close());

  const deadLetters = async () => (await api.get('/api/admin/jobs/failed', admin.auth)).body.items;
  const deadLetterFor = (userId: string) => async () =>
    (await deadLetters()).find(
      (item: { payload: { userId: string } }) => item.payload.userId === userId,
    );

  // #region retries-exhausted-test
  it('when every retry fails, then the job becomes a dead letter; a retry from there sends it once', async () => {
    const log = capturedLogger();
    worker = await startWorkerInProcess({
      env: stack.env,
      brokers: withEmailPolicy({
        retries: 1,
        backoff: { strategy: 'fixed', delayMs: 50, jitter: 0 },
      }),
      overrides: {
        logger: asValue(log.logger),
        mailer: asValue({
          async send(message: MailMessage) {
            if (failing) throw new Error('mailbox full');
            sent.push(message);
          },
          close: async () => {},
        }),
      },
    });
    const { body: user } = await api.post('/api/client/auth/register', {
      email: `dead-${Date.now()}@example.test`,
      name: 'Dead Letter',
      password: 'correct horse battery',
    });

    const deadLetter = await eventually(deadLetterFor(user.id));

    assert.deepEqual(
      {
        reason: deadLetter.reason,
        error: deadLetter.error,
        attempts: deadLetter.attempts,
        retriedAt: deadLetter.retriedAt,
      },
      { reason: 'retries-exhausted', error: 'mailbox full', attempts: 2, retriedAt: null },
    );
    failing = false;
    const retry = await api.post(
      `/api/admin/jobs/failed/${deadLetter.id}/retry`,
      undefined,
      admin.auth,
    );
    assert.equal(retry.status, 202);
    await eventually(async () =>
      sent.some((message) => message.to === user.email) ? true : undefined,
    );
    const again = await api.post(
      `/api/admin/jobs/failed/${deadLetter.id}/retry`,
      undefined,
      admin.auth,
    );
    assert.deepEqual([again.status, again.body.error.code], [409, 'DEAD_LETTER_ALREADY_RETRIED']);
    // The admin's own welcome fails the same way; the recording follows this user's jobs only.
    const jobsOfUser = await api.container.cradle.database
      .handle('outbox')
      .whereRaw("payload->>'userId' = ?", [user.id])
      .pluck('id');
    const jobLines = log.lines.filter((line) => jobsOfUser.includes(line.jobId));
    recordTranscript('job-lines-of-a-dead-letter', recordableLogLines(jobLines));
  });
  // #endregion retries-exhausted-test

  // #region stall-limit-test
  it('when a job was delivered more often than its stall limit allows, then it is dead-lettered unrun', async () => {
    const { body: user } = await api.post('/api/client/auth/register', {
      email: `stall-${Date.now()}@example.test`,
      name: 'Stalled',
      password: 'correct horse battery',
    });
    const db = api.container.cradle.database.handle;
    // As if three earlier workers had died while running it: three deliveries, no failure.
    await db('outbox').whereRaw("payload->>'userId' = ?", [user.id]).update({ deliveries: 3 });
    const ran: string[] = [];

    worker = await startWorkerInProcess({
      env: stack.env,
      brokers: withEmailPolicy({ maxStalls: 2 }),
      overrides: { sendWelcomeEmailTask: asValue((async () => void ran.push('ran')) as never) },
    });

    const deadLetter = await eventually(deadLetterFor(user.id));
    assert.equal(deadLetter.reason, 'stalled-too-often');
    assert.deepEqual(ran, []);
  });
  // #endregion stall-limit-test

  // #region invalid-payload-test
  it("when a job's payload breaks its task's schema, then it is dead-lettered at once, unrun and unretried", async () => {
    const db = api.container.cradle.database.handle;
    const userId = `not-a-uuid-${Date.now()}`;
    // A job written by hand, or by an older release: the outbox takes any JSON.
    await db('outbox').insert({ task: 'send-welcome-email', payload: { userId } });
    const ran: string[] = [];

    worker = await startWorkerInProcess({
      env: stack.env,
      overrides: { sendWelcomeEmailTask: asValue((async () => void ran.push('ran')) as never) },
    });

    const deadLetter = await eventually(deadLetterFor(userId));
    assert.equal(deadLetter.reason, 'invalid-payload');
    assert.equal(deadLetter.attempts, 1);
    assert.match(deadLetter.error, /userId/);
    assert.deepEqual(ran, []);
    const row = await db('outbox').whereRaw("payload->>'userId' = ?", [userId]).first();
    assert.deepEqual([row.failures, Boolean(row.doneAt)], [0, true]);
  });
  // #endregion invalid-payload-test

  // #region deadline-test
  it('when a task outlives its timeout, then its signal is aborted and the job fails', async () => {
    let aborted: unknown;
    worker = await startWorkerInProcess({
      env: stack.env,
      brokers: withEmailPolicy({ retries: 0, timeoutMs: 200 }),
      overrides: {
        sendWelcomeEmailTask: asValue(
          ((_payload: unknown, { signal }: { signal: AbortSignal }) =>
            new Promise((resolve) =>
              signal.addEventListener('abort', () => {
                aborted = signal.reason;
                resolve(undefined);
              }),
            )) as never,
        ),
      },
    });

    const { body: user } = await api.post('/api/client/auth/register', {
      email: `slow-${Date.now()}@example.test`,
      name: 'Slow',
      password: 'correct horse battery',
    });

    const deadLetter = await eventually(deadLetterFor(user.id));
    assert.equal(deadLetter.error, 'Timed out after 200 ms');
    assert.ok(aborted instanceof Error);
  });
  // #endregion deadline-test
});

describe('worker: a job whose task its queue does not carry (real Redis, real PostgreSQL)', () => {
  it('when no broker routes the task, then the job is dead-lettered at once instead of coming back forever', async () => {
    const { stack, api } = await isolatedApi();
    const worker = buildContainer(testConfig(stack.env));
    try {
      const db = api.container.cradle.database.handle;
      const [row] = await db('outbox')
        .insert({ task: 'send-flowers', payload: '{}', publishedAt: new Date() })
        .returning('id');
      const id = (row as { id: string }).id;
      // An older release's job, for a task this one no longer has, still on the email queue.
      const publisher = createQueueClient({
        config: testConfig(stack.env),
        logger: worker.cradle.logger,
        taskRoutes: { 'send-flowers': { queue: 'email' } } as never,
      });
      await publisher.publishAll([{ id, message: { task: 'send-flowers', payload: {} } as never }]);
      await publisher.close(1_000);

      await startConsumers(worker.cradle, brokers);

      const deadLetter = await eventually(async () =>
        db('deadLetters').where({ jobId: id }).first('reason', 'error'),
      );
      assert.deepEqual(deadLetter, {
        reason: 'unknown-task',
        error: 'No broker routes the task send-flowers',
      });
      assert.ok((await db('outbox').where({ id }).first('doneAt'))?.doneAt);
    } finally {
      await worker.cradle.queue.close(1_000);
      await worker.dispose();
      await api.close();
    }
  });
});
