// #region principal
/** Who is calling, once their access token has been checked against a live session. */
export interface Principal {
  userId: string;
  sessionId: string;
  roles: string[];
  /** What the roles grant at this request. */
  permissions: string[];
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}
// #endregion principal

export type SessionRevokedReason =
  | 'logout'
  | 'refresh-token-reused'
  | 'password-changed'
  | 'user-suspended'
  | 'user-deleted';

export interface StoredRefreshToken {
  id: string;
  sessionId: string;
  userId: string;
  tokenHash: Buffer;
  usedAt: Date | null;
  sessionExpiresAt: Date;
  sessionRevokedAt: Date | null;
}
