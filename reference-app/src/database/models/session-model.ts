import { Model } from 'objection';

/** The `sessions` table (migration V3): one sign-in, and the family of its refresh tokens. */
export class SessionModel extends Model {
  static override tableName = 'sessions';

  declare id: string;
  declare userId: string;
  declare createdAt: Date;
  declare expiresAt: Date;
  declare revokedAt: Date | null;
  declare revokedReason: string | null;
}
