import { hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

/** Argon2id (OWASP's first choice) with the library's defaults, stored as a PHC string. */
export function createPasswordHasher(): PasswordHasher {
  return {
    hash: (password) => hash(password),
    verify: (hashed, password) => verify(hashed, password),
  };
}
