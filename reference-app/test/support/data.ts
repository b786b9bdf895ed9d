import { randomUUID } from 'node:crypto';

export function uniqueEmail(): string {
  return `user-${randomUUID()}@example.test`;
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
