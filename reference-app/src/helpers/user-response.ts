import type { User } from '../entities/user.ts';

// #region user-response
/** The public shape of a user in API responses. */
export function toUserResponse(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
  };
}
// #endregion user-response
