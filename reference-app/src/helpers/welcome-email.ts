import type { User } from '../entities/user.ts';

// #region welcome-email
export function buildWelcomeEmail(user: User) {
  return {
    to: user.email,
    subject: `Welcome, ${user.name}!`,
    text: `Hello ${user.name},\n\nYour account is ready. Sign in with ${user.email}.\n`,
  };
}
// #endregion welcome-email
