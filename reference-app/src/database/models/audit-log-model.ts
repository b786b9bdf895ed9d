import { Model } from 'objection';

/** The `audit_log` table (migration V4): who did what to whom, and when. */
export class AuditLogModel extends Model {
  static override tableName = 'audit_log';
  static override jsonAttributes = ['details'];

  declare id: number;
  declare actorId: string | null;
  declare action: string;
  declare targetUserId: string | null;
  declare details: Record<string, unknown>;
  declare createdAt: Date;
}
