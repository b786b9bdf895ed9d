import type { DeadLetter, DeadLetterFilter, NewDeadLetter } from '../../entities/dead-letter.ts';
import type { DbHandle } from '../../libs/database/index.ts';

const columns = [
  'id',
  'queue',
  'task',
  'jobId',
  'payload',
  'requestId',
  'reason',
  'error',
  'attempts',
  'failedAt',
  'retriedAt',
];

/** Jobs that gave up, with why; a retry links the dead letter to the outbox row it created. */
export class DeadLetterRepository {
  /** False when this job is already dead-lettered (two workers may report the same end). */
  async add(db: DbHandle, deadLetter: NewDeadLetter): Promise<boolean> {
    const inserted = await db('deadLetters')
      .insert({ ...deadLetter, payload: JSON.stringify(deadLetter.payload) })
      .onConflict(db.raw('(queue, job_id) WHERE retried_at IS NULL'))
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async list(db: DbHandle, limit: number): Promise<DeadLetter[]> {
    return db('deadLetters')
      .orderBy([
        { column: 'failedAt', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select(columns);
  }

  async findForUpdate(db: DbHandle, id: string): Promise<DeadLetter | undefined> {
    return db('deadLetters').where({ id }).forUpdate().first(columns);
  }

  async markRetried(db: DbHandle, id: string, outboxId: string): Promise<void> {
    await db('deadLetters')
      .where({ id })
      .update({ retriedAt: db.fn.now(), retryOutboxId: outboxId });
  }

  // #region requeue-matching
  /**
   * Puts up to `limit` open dead letters that match back in the outbox, oldest first, each as a new
   * row linked from its dead letter, in one statement. Returns how many it took.
   */
  async requeueMatching(db: DbHandle, filter: DeadLetterFilter, limit: number): Promise<number> {
    const { rows } = await db.raw(
      `WITH picked AS (
         SELECT id, gen_random_uuid() AS outbox_id, task, payload, request_id FROM dead_letters
         WHERE retried_at IS NULL AND task = ? AND (CAST(? AS text) IS NULL OR reason = ?)
         ORDER BY failed_at LIMIT ? FOR UPDATE SKIP LOCKED
       ), queued AS (
         INSERT INTO outbox (id, task, payload, request_id)
         SELECT outbox_id, task, payload, request_id FROM picked
       )
       UPDATE dead_letters SET retried_at = now(), retry_outbox_id = picked.outbox_id
       FROM picked WHERE dead_letters.id = picked.id RETURNING dead_letters.id`,
      [filter.task, filter.reason ?? null, filter.reason ?? null, limit],
    );
    return (rows as unknown[]).length;
  }
  // #endregion requeue-matching

  async countOpen(db: DbHandle, filter: DeadLetterFilter): Promise<number> {
    const row = await db('deadLetters')
      .whereNull('retriedAt')
      .where({ task: filter.task, ...(filter.reason && { reason: filter.reason }) })
      .count<{ count: string }[]>({ count: '*' })
      .first();
    return Number(row?.count ?? 0);
  }

  /** Dead letters not retried yet, per task. */
  async countOpenByTask(db: DbHandle): Promise<Record<string, number>> {
    const rows: { task: string; count: string }[] = await db('deadLetters')
      .whereNull('retriedAt')
      .groupBy('task')
      .select('task')
      .count({ count: '*' });
    return Object.fromEntries(rows.map((row) => [row.task, Number(row.count)]));
  }
}
