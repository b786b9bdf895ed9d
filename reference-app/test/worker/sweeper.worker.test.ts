import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { Redis } from 'ioredis';
import { buildContainer } from '../../src/container.ts';
import { startConsumers } from '../../src/worker/app.ts';
import { type Broker, brokers, taskRoutes } from '../../src/worker/brokers/index.ts';
import { startOutboxRelay } from '../../src/worker/relay.ts';
import type { TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { testConfig, testEnvironment } from '../support/environment.ts';
import { messagesTo } from '../support/mailbox.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

/** The real brokers, with a short email deadline: its lease ends quickly. */
const shortLease: Broker[] = brokers.map((broker) => {
  const task = broker.tasks['send-welcome-email'];
  return task
    ? { ...broker, tasks: { 'send-welcome-email': { ...task, timeoutMs: 300 } } }
    : broker;
});

const internalKey = {
  'x-internal-key': testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '',
};

// #region sweeper-test
describe('worker: the sweeper publishes again what Redis lost (real Redis, real PostgreSQL)', function () {
  this.timeout(30_000);
  let stack: IsolatedStack;
  let api: TestApi;
  let worker: ReturnType<typeof buildContainer>;
  let relay: ReturnType<typeof startOutboxRelay>;
  before(async () => {
    ({ stack, api } = await isolatedApi());
    const config = testConfig({
      ...stack.env,
      OUTBOX_LEASE_MARGIN_MS: '200',
      OUTBOX_SWEEP_INTERVAL_MS: '100',
    });
    worker = buildContainer(config, { taskRoutes: asValue(taskRoutes(shortLease)) });
    // The relay and the sweeper run; the consumers only start once a test says so.
    relay = startOutboxRelay(worker.cradle);
  });
  after(async () => {
    await relay.stop();
    await worker.cradle.queue.close(1_000);
    await worker.dispose();
    await api.close();
  });

  const signUpAndWaitForPublish = async () => {
    const registration = aRegistration();
    const { body: user } = await api.post('/api/client/auth/register', registration);
    const row = () =>
      api.container.cradle.database
        .handle('outbox')
        .whereRaw("payload->>'userId' = ?", [user.id])
        .first('id', 'publishedAt', 'leaseUntil', 'republished', 'doneAt');
    const published = await eventually(async () => {
      const found = await row();
      return found?.publishedAt ? found : undefined;
    });
    return { registration, row, published };
  };

  it('when a job waits in Redis past its lease, then the sweeper finds it there: the lease is renewed, nothing is republished', async () => {
    const { row, published } = await signUpAndWaitForPublish();

    const renewed = await eventually(async () => {
      const found = await row();
      return found.leaseUntil > published.leaseUntil ? found : undefined;
    });

    assert.deepEqual([renewed.republished, renewed.doneAt], [0, null]);
  });

  it('when Redis loses a published job before any worker takes it, then it is published again under its id and the welcome goes out once', async () => {
    const { registration, row, published } = await signUpAndWaitForPublish();
    // Gone from Redis, as after a restart without persistence: the job and its place in line.
    const redis = new Redis(testEnvironment.REDIS_URL);
    await redis.hdel(`${stack.env.QUEUE_PREFIX}:email:jobs`, published.id);
    await redis.lrem(`${stack.env.QUEUE_PREFIX}:email:waiting`, 0, published.id);
    redis.disconnect();

    await startConsumers(worker.cradle, shortLease);

    const done = await eventually(async () => {
      const found = await row();
      return found.doneAt ? found : undefined;
    }, 10_000);
    assert.deepEqual([done.id, done.republished], [published.id, 1]);
    assert.equal((await messagesTo(registration.email, stack.env.MAIL_FILE_DIR)).length, 1);
    const report = (await api.get('/api/internal/queues', internalKey)).body;
    const welcome = report.tasks.find(
      (task: { task: string }) => task.task === 'send-welcome-email',
    );
    assert.equal(welcome.republished, 1);
  });
});
// #endregion sweeper-test
