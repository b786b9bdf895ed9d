import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { TaskMessage } from '../../src/entities/tasks.ts';
import { createQueueClient } from '../../src/libs/queue/index.ts';
import { taskRoutes } from '../../src/worker/brokers/index.ts';
import { testConfig, testEnvironment } from '../support/environment.ts';

describe('QueueClient.publishAll (real Redis)', () => {
  const prefix = `${testEnvironment.QUEUE_PREFIX}-publish`;
  const queue = createQueueClient({
    config: testConfig({ QUEUE_PREFIX: prefix }),
    logger: pino({ level: 'silent' }),
    taskRoutes: taskRoutes(),
  });
  // Connected in before(), not here: a describe's body runs even when --grep skips its tests, and
  // an open connection whose after() never runs would keep the run from ending.
  let redis: Redis;
  before(() => {
    redis = new Redis(testEnvironment.REDIS_URL);
  });
  const waiting = () => redis.lrange(`${prefix}:email:waiting`, 0, -1);
  const welcome = (id: string) => ({
    id,
    message: { task: 'send-welcome-email', payload: { userId: id } } satisfies TaskMessage,
  });

  after(async () => {
    await queue.close(1_000);
    redis.disconnect();
  });

  it("when messages are published, then each waits on its broker's queue under its own id", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];

    const { failed, alreadyQueued } = await queue.publishAll(ids.map(welcome));

    assert.deepEqual([failed.size, alreadyQueued.size], [0, 0]);
    const jobs = await waiting();
    for (const id of ids) assert.ok(jobs.includes(id), id);
  });

  it('when an id is published twice, then there is still one job, and the second says Redis had it', async () => {
    const id = randomUUID();

    await queue.publishAll([welcome(id)]);
    const again = await queue.publishAll([welcome(id)]);

    assert.equal((await waiting()).filter((job) => job === id).length, 1);
    assert.deepEqual([...again.alreadyQueued], [id]);
  });

  it('when Redis has forgotten its scripts (a restart), then the batch still goes in', async () => {
    await queue.publishAll([welcome(randomUUID())]);
    await redis.script('FLUSH');
    const ids = [randomUUID(), randomUUID()];

    const { failed } = await queue.publishAll(ids.map(welcome));

    assert.equal(failed.size, 0, [...failed.values()].join('; '));
    const jobs = await waiting();
    for (const id of ids) assert.ok(jobs.includes(id), id);
  });

  it('when thousands of jobs are published, then the publisher keeps none of them in memory', async () => {
    // A full collection on both sides, so that only what the client still holds counts.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const publishJobs = async (count: number) => {
      for (let published = 0; published < count; published += 500) {
        const ids = Array.from({ length: 500 }, () => randomUUID());
        const { failed } = await queue.publishAll(ids.map(welcome));
        assert.equal(failed.size, 0);
      }
    };
    await publishJobs(500);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;

    await publishJobs(10_000);

    collectGarbage();
    const grownMb = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
    // Kept, ten thousand jobs would take about 6 MB.
    assert.ok(grownMb < 2, `the heap grew by ${grownMb.toFixed(1)} MB`);
    await redis.del(`${prefix}:email:waiting`, `${prefix}:email:jobs`);
  });
});
