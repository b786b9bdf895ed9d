import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildContainer } from '../../src/container.ts';
import { OutboxRepository } from '../../src/database/repositories/outbox-repository.ts';
import { type Broker, brokers } from '../../src/worker/brokers/index.ts';
import { latestSlot } from '../../src/worker/scheduler.ts';
import { aRegistration } from '../support/data.ts';
import { testConfig } from '../support/environment.ts';
import { type IsolatedStack, isolatedStack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

/** The real brokers, with the session purge scheduled every second. */
const everySecond: Broker[] = brokers.map((broker) =>
  broker.schedules
    ? { ...broker, schedules: [{ task: 'purge-expired-sessions', cron: '* * * * * *' }] }
    : broker,
);

describe('worker: scheduled purge-expired-sessions (real Redis, real PostgreSQL)', () => {
  let stack: IsolatedStack;
  before(async () => {
    stack = await isolatedStack();
  });
  after(() => stack.destroy());

  it('when the cron names a time, then the latest slot at or before now is chosen', () => {
    const now = new Date('2026-11-27T10:37:12Z');

    assert.equal(latestSlot('0 * * * *', now).toISOString(), '2026-11-27T10:00:00.000Z');
    assert.equal(
      latestSlot('0 * * * *', new Date('2026-11-27T11:00:00Z')).toISOString(),
      '2026-11-27T11:00:00.000Z',
    );
  });

  // #region schedule-once-test
  it('when two workers run the schedule, then each slot is requested once and expired sessions go', async () => {
    const container = buildContainer(testConfig(stack.env));
    const db = container.cradle.database.handle;
    const { email, name } = aRegistration();
    const [user] = await db('users')
      .insert({ email, name, passwordHash: 'not used' })
      .returning('id');
    const userId = (user as { id: string }).id;
    await db('sessions').insert([
      { userId, expiresAt: new Date(Date.now() - 60_000) },
      { userId, expiresAt: new Date(Date.now() + 3_600_000) },
    ]);
    const options = { env: stack.env, brokers: everySecond, schedulerTickMs: 100 };
    const workers = [await startWorkerInProcess(options), await startWorkerInProcess(options)];

    await sleep(3_200);
    await Promise.all(workers.map((worker) => worker.stop()));

    const runs = await new OutboxRepository().findByTask(db, 'purge-expired-sessions');
    const slots = runs.map((run) => (run.payload as { slot: string }).slot);
    assert.ok(slots.length >= 2, `only ${slots.length} slot(s) requested`);
    assert.equal(
      new Set(slots).size,
      slots.length,
      `a slot was requested twice: ${slots.join(', ')}`,
    );
    const left = await eventually(async () => {
      const rows = await db('sessions').where({ userId }).select('expiresAt');
      return rows.length === 1 ? rows : undefined;
    });
    assert.ok((left[0] as { expiresAt: Date }).expiresAt > new Date());
    await container.dispose();
  });
  // #endregion schedule-once-test
});
