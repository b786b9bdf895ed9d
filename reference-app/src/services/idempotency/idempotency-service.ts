import { createHmac, hkdfSync } from 'node:crypto';
import { AppError } from '../../common/errors.ts';
import type { IdempotencyKeyRepository } from '../../database/repositories/idempotency-key-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type {
  KeyClaim,
  KeyedRequest,
  KeyedStart,
  StoredResponse,
} from '../../entities/idempotency.ts';
import { type Database, deleteInBatches } from '../../libs/database/index.ts';
import { canonicalJson } from '../../utils/canonical-json.ts';

interface IdempotencyServiceDeps {
  config: { JWT_SECRET: string; IDEMPOTENCY_KEY_TTL_HOURS: number };
  database: Database;
  idempotencyKeyRepository: IdempotencyKeyRepository;
  outboxRepository: OutboxRepository;
}

/** A request holding its key longer than this is taken for dead: a retry may run it again. */
export const IN_USE_LOCK_MS = 60_000;

// #region idempotency-service
/**
 * Idempotency-Key, as in the IETF httpapi draft and Stripe's API: the first answer to a request
 * is kept with its key, its caller and a fingerprint of the request, and replayed to the same
 * request; the key with another request is refused, and so is a retry while the first still runs.
 */
export class IdempotencyService {
  readonly #deps: IdempotencyServiceDeps;
  readonly #fingerprintKey: Buffer;

  constructor(deps: IdempotencyServiceDeps) {
    this.#deps = deps;
    // Its own key, derived from the app's secret: a stolen table cannot be matched to requests.
    this.#fingerprintKey = Buffer.from(
      hkdfSync('sha256', deps.config.JWT_SECRET, '', 'idempotency-key fingerprint', 32),
    );
  }

  /** The request holds the key and runs (`claim`), or gets the first answer again (`replay`). */
  async begin(request: KeyedRequest): Promise<KeyedStart> {
    const { config, database, idempotencyKeyRepository } = this.#deps;
    const { caller, key } = request;
    const requestHash = this.#fingerprint(request);
    const ttlMs = config.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000;
    for (;;) {
      const token = await idempotencyKeyRepository.claim(database.handle, {
        caller,
        key,
        requestHash,
        lockMs: IN_USE_LOCK_MS,
        ttlMs,
      });
      if (token) return { claim: { caller, key, token } };
      const found = await idempotencyKeyRepository.find(database.handle, caller, key);
      // Gone since the claim failed (released, or purged): claim it again.
      if (!found) continue;
      if (found.requestHash !== requestHash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', { details: { header: 'Idempotency-Key' } });
      }
      if (!found.response) throw new AppError('IDEMPOTENCY_KEY_IN_USE');
      return { replay: found.response };
    }
  }

  /** Keeps the answer for replay. */
  async complete(claim: KeyClaim, response: StoredResponse): Promise<void> {
    const { database, idempotencyKeyRepository } = this.#deps;
    await idempotencyKeyRepository.saveResponse(database.handle, claim, response);
  }

  /** The request failed on our side (5xx): the key is free for the client's retry. */
  async abandon(claim: KeyClaim): Promise<void> {
    const { database, idempotencyKeyRepository } = this.#deps;
    await idempotencyKeyRepository.release(database.handle, claim);
  }

  /** Deletes keys past their expiry; the last batch ends the job. */
  async purgeExpired(jobId: string): Promise<string> {
    const { database, idempotencyKeyRepository, outboxRepository } = this.#deps;
    const deleted = await deleteInBatches(
      database,
      (trx, limit) => idempotencyKeyRepository.deleteExpired(trx, limit),
      (trx) => outboxRepository.acknowledge(trx, jobId),
    );
    return `deleted ${deleted} expired idempotency keys`;
  }

  #fingerprint({ method, path, body }: KeyedRequest): string {
    return createHmac('sha256', this.#fingerprintKey)
      .update(`${method} ${path}\n${canonicalJson(body)}`)
      .digest('base64url');
  }
}
// #endregion idempotency-service
