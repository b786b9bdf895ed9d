import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
  const redis = new Redis(testEnvironment.REDIS_URL);
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

    const failures = await queue.publishAll(ids.map(welcome));

    assert.equal(failures.size, 0);
    const jobs = await waiting();
    for (const id of ids) assert.ok(jobs.includes(id), id);
  });

  it('when an id is published twice, then there is still one job', async () => {
    const id = randomUUID();

    await queue.publishAll([welcome(id)]);
    await queue.publishAll([welcome(id)]);

    assert.equal((await waiting()).filter((job) => job === id).length, 1);
  });

  it('when Redis has forgotten its scripts (a restart), then the batch still goes in', async () => {
    await queue.publishAll([welcome(randomUUID())]);
    await redis.script('FLUSH');
    const ids = [randomUUID(), randomUUID()];

    const failures = await queue.publishAll(ids.map(welcome));

    assert.equal(failures.size, 0, [...failures.values()].join('; '));
    const jobs = await waiting();
    for (const id of ids) assert.ok(jobs.includes(id), id);
  });
});
