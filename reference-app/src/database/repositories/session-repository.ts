import type { SessionRevokedReason, StoredRefreshToken } from '../../entities/session.ts';
import type { UserStatus } from '../../entities/user.ts';
import { type DbHandle, type PreparedStatement, runPrepared } from '../../libs/database/index.ts';
import { RefreshTokenModel } from '../models/refresh-token-model.ts';
import { SessionModel } from '../models/session-model.ts';
import { permissionsOfUser, roleNamesOfUser } from './role-repository.ts';

export interface LiveSession {
  sessionId: string;
  userId: string;
  userStatus: UserStatus;
  roles: string[];
  /** What the user's roles grant now: read on every request, so a revoke counts at once. */
  permissions: string[];
}

// #region find-live-session
/** The access check of every signed-in request: one prepared statement. */
const findLiveSession: PreparedStatement = {
  name: 'sessions.find-live',
  text: `SELECT sessions.id AS "sessionId", sessions.user_id AS "userId",
      users.status AS "userStatus", ${roleNamesOfUser} AS roles,
      ${permissionsOfUser} AS permissions
    FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.id = $1 AND sessions.revoked_at IS NULL AND sessions.expires_at > now()
      AND users.deleted_at IS NULL`,
};
// #endregion find-live-session

// #region session-repository
/** Sessions and their rotating refresh tokens. */
export class SessionRepository {
  async create(db: DbHandle, session: { userId: string; expiresAt: Date }): Promise<string> {
    const row = await SessionModel.query(db).insert(session).returning('id');
    return row.id;
  }

  /** The session if it is neither revoked nor expired, with its user's status, roles and permissions. */
  async findLive(db: DbHandle, sessionId: string): Promise<LiveSession | undefined> {
    const [row] = await runPrepared<LiveSession>(db, findLiveSession, [sessionId]);
    return row;
  }

  async revoke(db: DbHandle, sessionId: string, reason: SessionRevokedReason): Promise<void> {
    await SessionModel.query(db)
      .findById(sessionId)
      .whereNull('revokedAt')
      .patch({ revokedAt: new Date(), revokedReason: reason });
  }

  /** Revokes every live session of the user, except `keep` when given. */
  async revokeAllOfUser(
    db: DbHandle,
    userId: string,
    reason: SessionRevokedReason,
    keep?: string,
  ): Promise<void> {
    const query = SessionModel.query(db).where({ userId }).whereNull('revokedAt');
    if (keep) query.whereNot('id', keep);
    await query.patch({ revokedAt: new Date(), revokedReason: reason });
  }

  async addRefreshToken(
    db: DbHandle,
    token: { sessionId: string; tokenHash: Buffer },
  ): Promise<string> {
    const row = await RefreshTokenModel.query(db).insert(token).returning('id');
    return row.id;
  }

  /** Locks the token row: of two refreshes racing with one token, the second sees it used. */
  async findRefreshTokenForUpdate(
    db: DbHandle,
    id: string,
  ): Promise<StoredRefreshToken | undefined> {
    return db('refreshTokens')
      .join('sessions', 'sessions.id', 'refreshTokens.sessionId')
      .where('refreshTokens.id', id)
      .forUpdate('refreshTokens')
      .first(
        'refreshTokens.id',
        'refreshTokens.sessionId',
        'sessions.userId',
        'refreshTokens.tokenHash',
        'refreshTokens.usedAt',
        'sessions.expiresAt as sessionExpiresAt',
        'sessions.revokedAt as sessionRevokedAt',
      );
  }

  /** Every session of the user and, by cascade, its refresh tokens. */
  async deleteAllOfUser(db: DbHandle, userId: string): Promise<void> {
    await SessionModel.query(db).where({ userId }).delete();
  }

  /** Deletes sessions (and, by cascade, their refresh tokens) that ended before `before`. */
  async deleteExpired(db: DbHandle, before: Date): Promise<number> {
    return SessionModel.query(db).where('expiresAt', '<', before).delete();
  }

  async markRefreshTokenUsed(db: DbHandle, id: string): Promise<void> {
    await RefreshTokenModel.query(db).findById(id).patch({ usedAt: new Date() });
  }
}
// #endregion session-repository
