import type { DeadLetter, NewDeadLetter } from '../../entities/jobs.ts';
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

  /** Dead letters not retried yet, per queue. */
  async countOpenByQueue(db: DbHandle): Promise<Record<string, number>> {
    const rows: { queue: string; count: string }[] = await db('deadLetters')
      .whereNull('retriedAt')
      .groupBy('queue')
      .select('queue')
      .count({ count: '*' });
    return Object.fromEntries(rows.map((row) => [row.queue, Number(row.count)]));
  }
}
