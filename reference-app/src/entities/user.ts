// #region user-entity
/** A user as the layers pass it around: never the password hash. */
export interface User {
  id: string;
  email: string;
  name: string;
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
