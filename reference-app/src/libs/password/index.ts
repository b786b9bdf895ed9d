import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password, and for no account at all after the same amount of work. */
  verify(hashed: string | undefined, password: string): Promise<boolean>;
}

// #region password-hasher
/**
 * Argon2id (OWASP's first choice) with the library's defaults, stored as a PHC string. Each hash
 * holds 19 MiB while it runs, so only PASSWORD_HASH_CONCURRENCY run at once and the others wait
 * their turn: libuv would run four, for more memory and no more sign-ups per second on two cores.
 */
export function createPasswordHasher({
  config,
}: {
  config: { PASSWORD_HASH_CONCURRENCY: number };
}): PasswordHasher {
  const inTurn = pLimit(config.PASSWORD_HASH_CONCURRENCY);
  // Checking a password against this hash when the account does not exist keeps the answer's
  // timing from telling which emails are registered.
  let decoyHash: Promise<string> | undefined;
  const check = (hashed: string, password: string) => inTurn(() => verify(hashed, password));
  return {
    hash: (password) => inTurn(() => hash(password)),
    async verify(hashed, password) {
      if (hashed) return check(hashed, password);
      decoyHash ??= inTurn(() => hash('decoy password for unknown accounts'));
      await check(await decoyHash, password);
      return false;
    },
  };
}
// #endregion password-hasher
