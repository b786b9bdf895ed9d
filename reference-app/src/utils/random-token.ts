import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// #region random-token
/** Bytes of randomness in a token unless the caller asks for another size. */
export const RANDOM_TOKEN_BYTES = 32;

/** A URL-safe secret with `bytes` bytes of randomness. */
export function randomToken(bytes = RANDOM_TOKEN_BYTES): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsMatch(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
// #endregion random-token
