import { randomUUID } from 'node:crypto';

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.test`;
}

/** A role name no other test uses (roles are shared by the whole run's database). */
export function uniqueRoleName(): string {
  return `role-${randomUUID().slice(0, 8)}`;
}

export function aRegistration(
  overrides: Partial<{ email: string; name: string; password: string }> = {},
) {
  return {
    email: uniqueEmail(),
    name: 'Ada Lovelace',
    password: 'correct horse battery',
    ...overrides,
  };
}
