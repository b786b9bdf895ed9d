import { Model } from 'objection';

/** The `refresh_tokens` table (migration V3): hashes only, the used ones kept to spot reuse. */
export class RefreshTokenModel extends Model {
  static override tableName = 'refresh_tokens';

  declare id: string;
  declare sessionId: string;
  declare tokenHash: Buffer;
  declare createdAt: Date;
  declare usedAt: Date | null;
}
