import type { Role } from '../entities/role.ts';
import type { PublicProfile, User, UserWithRoles } from '../entities/user.ts';

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

export function toAccountResponse(user: UserWithRoles) {
  return { ...toUserResponse(user), status: user.status, roles: user.roles };
}

export function toPublicProfileResponse(profile: PublicProfile) {
  return { id: profile.id, name: profile.name, memberSince: profile.memberSince.toISOString() };
}

export function toRoleResponse(role: Role) {
  return {
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    permissions: role.permissions,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}
