import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeadLetterRepository } from '../../src/database/repositories/dead-letter-repository.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { testEnvironment } from '../support/environment.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

describe('API /api/internal/queues (real Redis, real PostgreSQL)', () => {
  let stack: IsolatedStack;
  let api: TestApi;
  const key = {
    'x-internal-key': testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '',
  };
  before(async () => {
    ({ stack, api } = await isolatedApi());
  });
  after(() => api.close());

  it('when jobs wait, run and die, then the report counts them per task, from the outbox and the dead letters', async () => {
    await api.post('/api/client/auth/register', aRegistration());
    await new DeadLetterRepository().add(api.container.cradle.database.handle, {
      queue: 'email',
      task: 'send-welcome-email',
      jobId: randomUUID(),
      payload: {},
      requestId: null,
      reason: 'retries-exhausted',
      error: 'test',
      attempts: 6,
    });
    const welcome = (report: { tasks: { task: string }[] }) =>
      report.tasks.find((task) => task.task === 'send-welcome-email') as Record<string, unknown>;

    const before = (await api.get('/api/internal/queues', key)).body;
    const worker = await startWorkerInProcess({ env: stack.env });
    const after = await eventually(async () => {
      const report = (await api.get('/api/internal/queues', key)).body;
      const { pending, inFlight } = welcome(report);
      return pending === 0 && inFlight === 0 ? report : undefined;
    });
    await worker.stop();

    assert.deepEqual(
      { ...welcome(before), oldestAgeSeconds: typeof welcome(before).oldestAgeSeconds },
      {
        task: 'send-welcome-email',
        queue: 'email',
        pending: 1,
        inFlight: 0,
        overdue: 0,
        republished: 0,
        oldestAgeSeconds: 'number',
        deadLettered: 1,
      },
    );
    assert.deepEqual(
      before.queues.map((queue: { name: string; reachable: boolean }) => [
        queue.name,
        queue.reachable,
      ]),
      [
        ['email', true],
        ['exports', true],
        ['maintenance', true],
      ],
    );
    assert.deepEqual(
      { oldest: welcome(after).oldestAgeSeconds, deadLettered: welcome(after).deadLettered },
      { oldest: null, deadLettered: 1 },
    );
  });

  it('when Redis does not answer, then the report still comes, saying which counts are missing', async () => {
    const offline = await startApi({ env: { ...stack.env, REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const report = (await offline.get('/api/internal/queues', key)).body;

      assert.deepEqual(
        report.queues.map((queue: { reachable: boolean }) => queue.reachable),
        [false, false, false],
      );
    } finally {
      await offline.close();
    }
  });
});
