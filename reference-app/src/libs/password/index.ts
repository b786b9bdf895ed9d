import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password, and for no account at all after the same amount of work. */
  verify(hashed: string | undefined, password: string): Promise<boolean>;
}

/** Argon2id (OWASP's first choice) with the library's defaults, stored as a PHC string. */
export function createPasswordHasher(): PasswordHasher {
  // Checking a password against this hash when the account does not exist keeps the answer's
  // timing from telling which emails are registered.
  let decoyHash: Promise<string> | undefined;
  return {
    hash: (password) => hash(password),
    async verify(hashed, password) {
      if (hashed) return verify(hashed, password);
      decoyHash ??= hash('decoy password for unknown accounts');
      await verify(await decoyHash, password);
      return false;
    },
  };
}
