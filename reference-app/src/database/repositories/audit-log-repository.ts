import type { DbHandle } from '../../libs/database/index.ts';
import { AuditLogModel } from '../models/audit-log-model.ts';

export interface AuditEntry {
  actorId: string | null;
  action:
    | 'role.granted'
    | 'role.revoked'
    | 'user.suspended'
    | 'user.reactivated'
    | 'user.deleted'
    | 'dead-letter.retried'
    | 'dead-letters.retried';
  targetUserId: string | null;
  details?: Record<string, unknown>;
}

/** Append-only: entries are written in the same transaction as the change they record. */
export class AuditLogRepository {
  async record(db: DbHandle, entry: AuditEntry): Promise<void> {
    await AuditLogModel.query(db).insert({ details: {}, ...entry });
  }

  async entriesAbout(db: DbHandle, targetUserId: string): Promise<AuditEntry[]> {
    const rows = await AuditLogModel.query(db).where({ targetUserId }).orderBy('id');
    return rows.map((row) => ({
      actorId: row.actorId,
      action: row.action as AuditEntry['action'],
      targetUserId: row.targetUserId,
      details: row.details,
    }));
  }
}
