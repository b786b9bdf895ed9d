/** The longest Idempotency-Key accepted. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

// #region idempotency-entities
/** An answer kept for replay: what a retry with the same key and request gets again. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A request sent with an Idempotency-Key: who sent it, with which key, and its fingerprint. */
export interface KeyedRequest {
  /** `user:<id>`, `internal:<name>` or `anonymous`: keys are scoped per caller. */
  caller: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

/** A request's hold on its key; later changes must show its token (a request that outlived its lock lost it). */
export interface KeyClaim {
  caller: string;
  key: string;
  token: string;
}

/** How a keyed request starts: it holds the key and runs, or it gets the first answer again. */
export type KeyedStart = { claim: KeyClaim } | { replay: StoredResponse };

export interface IdempotencyRecord {
  requestHash: string;
  /** Undefined while the first request still runs. */
  response: StoredResponse | undefined;
}
// #endregion idempotency-entities
