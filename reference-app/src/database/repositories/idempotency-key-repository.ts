import type { IdempotencyRecord, KeyClaim, StoredResponse } from '../../entities/idempotency.ts';
import type { DbHandle } from '../../libs/database/index.ts';

interface KeyRow {
  requestHash: string;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: unknown;
}

function ofClaim(db: DbHandle, { caller, key, token }: KeyClaim) {
  return db('idempotencyKeys').where({ caller, key }).whereRaw('locked_until::text = ?', [token]);
}

// #region idempotency-key-repository
/** Keys and the answers they replay, per caller. */
export class IdempotencyKeyRepository {
  /**
   * Takes the key for one request, in one statement: a new key, one whose record expired, or one
   * whose earlier run with the same request died (its lock ran out). Returns the claim's token,
   * which later changes must show, or undefined when another request has the key.
   */
  async claim(
    db: DbHandle,
    claim: { caller: string; key: string; requestHash: string; lockMs: number; ttlMs: number },
  ): Promise<string | undefined> {
    const { rows } = await db.raw(
      `INSERT INTO idempotency_keys (caller, key, request_hash, locked_until, expires_at)
       VALUES (?, ?, ?, now() + ? * interval '1 millisecond', now() + ? * interval '1 millisecond')
       ON CONFLICT (caller, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
         locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(),
         response_status = NULL, response_headers = NULL, response_body = NULL
       WHERE idempotency_keys.expires_at <= now()
          OR (idempotency_keys.response_status IS NULL AND idempotency_keys.locked_until <= now()
              AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING locked_until::text AS token`,
      [claim.caller, claim.key, claim.requestHash, claim.lockMs, claim.ttlMs],
    );
    return (rows as { token: string }[])[0]?.token;
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

  /** Keeps the answer, if the claim is still this one's (a request that outlived its lock lost it). */
  async saveResponse(db: DbHandle, claim: KeyClaim, response: StoredResponse): Promise<void> {
    await ofClaim(db, claim).update({
      responseStatus: response.status,
      responseHeaders: JSON.stringify(response.headers),
      responseBody: JSON.stringify(response.body ?? null),
    });
  }

  async release(db: DbHandle, claim: KeyClaim): Promise<void> {
    await ofClaim(db, claim).whereNull('responseStatus').delete();
  }

  /** Deletes up to `limit` keys past their expiry; returns how many. */
  async deleteExpired(db: DbHandle, limit: number): Promise<number> {
    const expired = () => db('idempotencyKeys').where('expiresAt', '<=', db.fn.now());
    // Checked again when deleting: a key claimed anew since it was chosen is no longer expired.
    return expired()
      .whereIn(['caller', 'key'], expired().select('caller', 'key').limit(limit))
      .delete();
  }
}
// #endregion idempotency-key-repository
