import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { buildContainer } from '../../src/container.ts';
import type { JobAttempt } from '../../src/entities/jobs.ts';
import { emailBroker } from '../../src/worker/brokers/email-broker.ts';
import { testConfig } from '../support/environment.ts';

/** The real service, over an outbox that answers `record` and remembers what it was told. */
function attemptsWithOutbox(record: { deliveries: number; failures: number }) {
  const told: unknown[][] = [];
  const container = buildContainer(testConfig(), {
    outboxRepository: asValue({
      beginAttempts: async (_db: unknown, attempts: { id: string }[]) =>
        new Map(attempts.map(({ id }) => [id, record])),
      recordFailure: async (...args: unknown[]) => void told.push(['failure', ...args.slice(1)]),
      acknowledge: async (...args: unknown[]) => void told.push(['acknowledge', ...args.slice(1)]),
    } as never),
    deadLetterRepository: asValue({
      add: async (_db: unknown, deadLetter: { reason: string }) =>
        void told.push(['dead letter', deadLetter.reason]),
    } as never),
    database: asValue({
      handle: {},
      transaction: (work: (trx: unknown) => Promise<unknown>) => work({}),
    } as never),
  });
  return { service: container.cradle.jobAttemptService, told };
}

const welcomeJob = (attempt: number): JobAttempt => ({
  jobId: 'job-1',
  queue: 'email',
  message: { task: 'send-welcome-email', payload: { userId: 'user-1' } },
  attempt,
});

describe('JobAttemptService', () => {
  it('when a job is delivered more often than it was attempted, then the extra deliveries are stalls, unless a retry went unrecorded', async () => {
    const { service } = attemptsWithOutbox({ deliveries: 4, failures: 0 });

    const stalled = await service.begin('job-1', 'send-welcome-email');
    const excused = await service.begin('job-1', 'send-welcome-email', 3);

    assert.deepEqual(stalled, { attempt: 1, deliveries: 4, stalls: 3 });
    assert.equal(excused?.stalls, 0);
  });

  it('when an attempt fails with retries left, then the failure is recorded with a lease over the wait and the wait comes back', async () => {
    const { service, told } = attemptsWithOutbox({ deliveries: 1, failures: 0 });

    const next = await service.failed(welcomeJob(1), new Error('mail server down'));

    assert.ok(next !== 'dead-lettered');
    const route = emailBroker.tasks['send-welcome-email'];
    const [kind, jobId, leaseMs, error] = told[0] ?? [];
    assert.deepEqual([kind, jobId, error], ['failure', 'job-1', 'mail server down']);
    assert.equal(
      leaseMs,
      next.retryInMs + (route?.timeoutMs ?? 0) + testConfig().OUTBOX_LEASE_MARGIN_MS,
    );
  });

  it('when the last attempt fails, then the job becomes a dead letter and its row is done, together', async () => {
    const { service, told } = attemptsWithOutbox({ deliveries: 1, failures: 0 });
    const retries = emailBroker.tasks['send-welcome-email']?.retries ?? 0;

    const next = await service.failed(welcomeJob(retries + 1), new Error('mail server down'));

    assert.equal(next, 'dead-lettered');
    assert.deepEqual(told, [
      ['dead letter', 'retries-exhausted'],
      ['acknowledge', 'job-1'],
    ]);
  });
});
