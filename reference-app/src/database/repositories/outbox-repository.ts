import type { OutboxEntry } from '../../entities/jobs.ts';
import type { TaskMessage, TaskName } from '../../entities/tasks.ts';
import { type DbHandle, type PreparedStatement, runPrepared } from '../../libs/database/index.ts';

interface OutboxRow {
  id: string;
  task: TaskMessage['task'];
  payload: TaskMessage['payload'];
  requestId: string | null;
}

// #region outbox-statements
// The relay runs these two for every batch, as fast as the queue takes jobs: prepared, and one
// array parameter for the ids rather than one placeholder per row.
const claimPendingRows: PreparedStatement = {
  name: 'outbox.claim-pending',
  text: `SELECT id, task, payload, request_id AS "requestId" FROM outbox
    WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
};

const markRowsPublished: PreparedStatement = {
  name: 'outbox.mark-published',
  text: 'UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])',
};
// #endregion outbox-statements

// #region outbox-repository
/** The transactional outbox: rows written with a business change, published later by the relay. */
export class OutboxRepository {
  async add<T extends TaskName>(db: DbHandle, message: TaskMessage<T>): Promise<string> {
    const [row] = await db('outbox')
      .insert({
        task: message.task,
        payload: JSON.stringify(message.payload),
        requestId: message.requestId ?? null,
      })
      .returning('id');
    return (row as { id: string }).id;
  }

  // #region claim-pending
  /** Locks up to `limit` unpublished rows, oldest first; rows another relay holds are skipped. */
  async claimPending(db: DbHandle, limit: number): Promise<OutboxEntry[]> {
    const rows = await runPrepared<OutboxRow>(db, claimPendingRows, [limit]);
    return rows.map((row) => ({
      id: row.id,
      message: {
        task: row.task,
        payload: row.payload,
        requestId: row.requestId ?? undefined,
      } as TaskMessage,
    }));
  }
  // #endregion claim-pending

  async markPublished(db: DbHandle, ids: string[]): Promise<void> {
    if (ids.length) await runPrepared(db, markRowsPublished, [ids]);
  }

  async recordPublishFailure(db: DbHandle, ids: string[], error: string): Promise<void> {
    await db('outbox')
      .whereIn('id', ids)
      .update({ lastError: error, publishAttempts: db.raw('publish_attempts + 1') });
  }

  async countPending(db: DbHandle): Promise<number> {
    const row = await db('outbox')
      .whereNull('publishedAt')
      .count<{ count: string }[]>({ count: '*' })
      .first();
    return Number(row?.count ?? 0);
  }

  async findByTask(db: DbHandle, task: TaskMessage['task']): Promise<TaskMessage[]> {
    const rows: OutboxRow[] = await db('outbox')
      .where({ task })
      .orderBy('createdAt')
      .select('task', 'payload', 'requestId');
    return rows.map((row) => ({ task: row.task, payload: row.payload }) as TaskMessage);
  }
}
// #endregion outbox-repository
