import type { IdempotencyRecord, StoredResponse } from '../../entities/idempotency.ts';
import type { DbHandle } from '../../libs/database/index.ts';

interface KeyRow {
  requestHash: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: unknown;
}

// #region idempotency-key-repository
/** Keys and the answers they replay, per caller. */
export class IdempotencyKeyRepository {
  /**
   * Takes the key for one request, in one statement: a new key, one whose record expired, or one
   * whose earlier run with the same request died (its lock ran out). False when another has it.
   */
  async claim(
    db: DbHandle,
    claim: { caller: string; key: string; requestHash: string; lockMs: number; ttlMs: number },
  ): Promise<boolean> {
    const { rows } = await db.raw(
      `INSERT INTO idempotency_keys (caller, key, request_hash, locked_until, expires_at)
       VALUES (?, ?, ?, now() + ? * interval '1 millisecond', now() + ? * interval '1 millisecond')
       ON CONFLICT (caller, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
         locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(),
         response_status = NULL, response_headers = NULL, response_body = NULL
       WHERE idempotency_keys.expires_at <= now()
          OR (idempotency_keys.response_status IS NULL AND idempotency_keys.locked_until <= now()
              AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING caller`,
      [claim.caller, claim.key, claim.requestHash, claim.lockMs, claim.ttlMs],
    );
    return (rows as unknown[]).length === 1;
  }

  async find(db: DbHandle, caller: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row: KeyRow | undefined = await db('idempotencyKeys')
      .where({ caller, key })
      .first('requestHash', 'responseStatus', 'responseHeaders', 'responseBody');
    if (!row) return undefined;
    const response =
      row.responseStatus === null
        ? undefined
        : {
            status: row.responseStatus,
            headers: row.responseHeaders ?? {},
            body: row.responseBody,
          };
    return { requestHash: row.requestHash, response };
  }

  async saveResponse(
    db: DbHandle,
    caller: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await db('idempotencyKeys')
      .where({ caller, key })
      .update({
        responseStatus: response.status,
        responseHeaders: JSON.stringify(response.headers),
        responseBody: JSON.stringify(response.body ?? null),
      });
  }

  async release(db: DbHandle, caller: string, key: string): Promise<void> {
    await db('idempotencyKeys').where({ caller, key }).whereNull('responseStatus').delete();
  }

  /** Deletes up to `limit` keys past their expiry; returns how many. */
  async deleteExpired(db: DbHandle, limit: number): Promise<number> {
    return db('idempotencyKeys')
      .whereIn(
        ['caller', 'key'],
        db('idempotencyKeys')
          .select('caller', 'key')
          .where('expiresAt', '<=', db.fn.now())
          .limit(limit),
      )
      .delete();
  }
}
// #endregion idempotency-key-repository
