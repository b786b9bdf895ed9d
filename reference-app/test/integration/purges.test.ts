import assert from 'node:assert/strict';
import type { TestApi } from '../support/api.ts';
import { isolatedApi } from '../support/stack.ts';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe('scheduled purges: what is finished or expired goes, nothing else (real PostgreSQL)', () => {
  let api: TestApi;
  before(async () => {
    ({ api } = await isolatedApi({ OUTBOX_RETENTION_HOURS: '24' }));
  });
  after(() => api.close());

  const addOutboxRow = async (row: object) => {
    const db = api.container.cradle.database.handle;
    const [inserted] = await db('outbox')
      .insert({ task: 'send-welcome-email', payload: JSON.stringify({ userId: 'x' }), ...row })
      .returning('id');
    return (inserted as { id: string }).id;
  };

  it('when the outbox is purged, then rows done before the retention go; newer and open rows stay; the job ends', async () => {
    const old = await addOutboxRow({ doneAt: hoursAgo(25) });
    const recent = await addOutboxRow({ doneAt: hoursAgo(23) });
    const open = await addOutboxRow({ createdAt: hoursAgo(48), publishedAt: hoursAgo(48) });
    const job = await addOutboxRow({ task: 'purge-finished-outbox', payload: '{"slot":"x"}' });

    const outcome = await api.container.cradle.outboxMaintenanceService.purgeFinished(job);

    const db = api.container.cradle.database.handle;
    const left = await db('outbox').whereIn('id', [old, recent, open, job]).select('id', 'doneAt');
    assert.equal(outcome, 'deleted 1 finished outbox rows');
    assert.deepEqual(left.map((row) => row.id).sort(), [recent, open, job].sort());
    assert.ok(left.find((row) => row.id === job)?.doneAt);
  });

  it('when idempotency keys are purged, then only the expired ones go', async () => {
    const db = api.container.cradle.database.handle;
    const key = (name: string, expiresAt: Date) => ({
      caller: 'anonymous',
      key: name,
      requestHash: 'h',
      lockedUntil: new Date(),
      expiresAt,
    });
    await db('idempotencyKeys').insert([
      key('expired', hoursAgo(1)),
      key('live', new Date(Date.now() + 3_600_000)),
    ]);
    const job = await addOutboxRow({
      task: 'purge-expired-idempotency-keys',
      payload: '{"slot":"x"}',
    });

    const outcome = await api.container.cradle.idempotencyService.purgeExpired(job);

    assert.equal(outcome, 'deleted 1 expired idempotency keys');
    assert.deepEqual(await db('idempotencyKeys').pluck('key'), ['live']);
  });
});
