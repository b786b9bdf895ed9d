import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// #region random-token
/** A URL-safe secret with `bytes` bytes of randomness. */
export function randomToken(bytes = 32): string {
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
