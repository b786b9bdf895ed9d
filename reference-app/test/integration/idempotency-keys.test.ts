import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { IdempotencyKeyRepository } from '../../src/database/repositories/idempotency-key-repository.ts';
import { openTestDatabase } from '../support/database.ts';

describe('IdempotencyKeyRepository (real PostgreSQL)', () => {
  const database = openTestDatabase();
  const keys = new IdempotencyKeyRepository();
  const answer = (status: number) => ({ status, headers: {}, body: { status } });
  after(() => database.close());

  it('when a first request outlived its lock and a retry took the key over, then the first can neither free it nor answer for it', async () => {
    const db = database.handle;
    const request = { caller: 'anonymous', key: randomUUID(), requestHash: 'same request' };
    const first = await keys.claim(db, { ...request, lockMs: 60_000, ttlMs: 3_600_000 });
    await db('idempotencyKeys')
      .where({ key: request.key })
      .update({ lockedUntil: new Date(0) });
    const second = await keys.claim(db, { ...request, lockMs: 60_000, ttlMs: 3_600_000 });
    assert.ok(first && second && first !== second);

    await keys.release(db, { ...request, token: first });
    await keys.saveResponse(db, { ...request, token: first }, answer(500));
    await keys.saveResponse(db, { ...request, token: second }, answer(201));

    const kept = await keys.find(db, request.caller, request.key);
    assert.deepEqual(kept?.response, answer(201));
  });

  it('when a key is held and not expired, then another claim gets nothing', async () => {
    const db = database.handle;
    const request = { caller: 'anonymous', key: randomUUID(), requestHash: 'a request' };
    await keys.claim(db, { ...request, lockMs: 60_000, ttlMs: 3_600_000 });

    const again = await keys.claim(db, { ...request, lockMs: 60_000, ttlMs: 3_600_000 });

    assert.equal(again, undefined);
  });
});
