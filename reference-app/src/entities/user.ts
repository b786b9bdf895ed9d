// #region user-entity
export type UserStatus = 'active' | 'suspended';

/** A user as the layers pass it around: never the password hash. */
export interface User {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  welcomeEmailSentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
}
// #endregion user-entity

// #region user-views
export interface UserWithRoles extends User {
  roles: string[];
}

/** What signing in needs, and nothing else leaves the repository with the hash. */
export interface UserCredentials {
  id: string;
  status: UserStatus;
  passwordHash: string;
}

/** Anonymous callers see this much of a user, and no more. */
export interface PublicProfile {
  id: string;
  name: string;
  memberSince: Date;
}
// #endregion user-views
