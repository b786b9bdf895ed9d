import type { AttemptRecord, OutboxEntry, OutboxTaskState } from '../../entities/jobs.ts';
import type { TaskMessage, TaskName } from '../../entities/tasks.ts';
import { type DbHandle, type PreparedStatement, runPrepared } from '../../libs/database/index.ts';

interface OutboxRow {
  id: string;
  task: TaskMessage['task'];
  payload: TaskMessage['payload'];
  requestId: string | null;
}

/** A row to put under a lease of `ms` from now; `republished` when Redis had lost its job. */
export interface Lease {
  id: string;
  ms: number;
  republished?: boolean;
}

// #region outbox-statements
// The relay and the worker run these for every batch or job, as fast as the queue takes jobs:
// prepared, and arrays as single parameters rather than one placeholder per row.
const claimPendingRows: PreparedStatement = {
  name: 'outbox.claim-pending',
  text: `SELECT id, task, payload, request_id AS "requestId" FROM outbox
    WHERE published_at IS NULL AND done_at IS NULL
    ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
};

const claimOverdueRows: PreparedStatement = {
  name: 'outbox.claim-overdue',
  text: `SELECT id, task, payload, request_id AS "requestId" FROM outbox
    WHERE done_at IS NULL AND published_at IS NOT NULL AND lease_until <= now()
    ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED`,
};

const leaseRows: PreparedStatement = {
  name: 'outbox.lease',
  text: `UPDATE outbox SET published_at = coalesce(published_at, now()),
      lease_until = now() + lease.ms * interval '1 millisecond',
      republished = outbox.republished + CASE WHEN lease.again THEN 1 ELSE 0 END
    FROM unnest($1::uuid[], $2::integer[], $3::boolean[]) AS lease(id, ms, again)
    WHERE outbox.id = lease.id`,
};

const beginAttempt: PreparedStatement = {
  name: 'outbox.begin-attempt',
  text: `UPDATE outbox SET deliveries = deliveries + 1, published_at = coalesce(published_at, now()),
      lease_until = now() + $2 * interval '1 millisecond'
    WHERE id = $1 AND done_at IS NULL RETURNING deliveries, failures`,
};

const acknowledgeRow: PreparedStatement = {
  name: 'outbox.acknowledge',
  text: 'UPDATE outbox SET done_at = now() WHERE id = $1 AND done_at IS NULL',
};
// #endregion outbox-statements

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    message: {
      task: row.task,
      payload: row.payload,
      requestId: row.requestId ?? undefined,
    } as TaskMessage,
  };
}

// #region outbox-repository
/**
 * The transactional outbox: rows written with a business change, published by the relay, and
 * done only when the task's effect has committed (or the job was dead-lettered).
 */
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
  /** Locks up to `limit` rows never published, oldest first; rows another relay holds are skipped. */
  async claimPending(db: DbHandle, limit: number): Promise<OutboxEntry[]> {
    return (await runPrepared<OutboxRow>(db, claimPendingRows, [limit])).map(toEntry);
  }

  /** Locks up to `limit` rows in flight past their lease, the longest overdue first. */
  async claimOverdue(db: DbHandle, limit: number): Promise<OutboxEntry[]> {
    return (await runPrepared<OutboxRow>(db, claimOverdueRows, [limit])).map(toEntry);
  }
  // #endregion claim-pending

  /** Marks rows published (once), each in flight until its lease ends. */
  async lease(db: DbHandle, leases: Lease[]): Promise<void> {
    if (!leases.length) return;
    await runPrepared(db, leaseRows, [
      leases.map((lease) => lease.id),
      leases.map((lease) => Math.round(lease.ms)),
      leases.map((lease) => lease.republished ?? false),
    ]);
  }

  async recordPublishFailure(db: DbHandle, ids: string[], error: string): Promise<void> {
    await db('outbox')
      .whereIn('id', ids)
      .update({ lastError: error, publishAttempts: db.raw('publish_attempts + 1') });
  }

  /** Counts the delivery and renews the lease; undefined when the row is done (or unknown). */
  async beginAttempt(
    db: DbHandle,
    id: string,
    leaseMs: number,
  ): Promise<AttemptRecord | undefined> {
    const [row] = await runPrepared<AttemptRecord>(db, beginAttempt, [id, Math.round(leaseMs)]);
    return row;
  }

  /** A failed attempt: counted, with its error, and the lease stretched over the wait for the next. */
  async recordFailure(db: DbHandle, id: string, leaseMs: number, error: string): Promise<void> {
    await db('outbox')
      .where({ id })
      .whereNull('doneAt')
      .update({
        failures: db.raw('failures + 1'),
        leaseUntil: db.raw("now() + ? * interval '1 millisecond'", [Math.round(leaseMs)]),
        lastError: error,
      });
  }

  // #region acknowledge
  /** The job is done: its row is never published again. Run it in the transaction of the effect. */
  async acknowledge(db: DbHandle, id: string): Promise<void> {
    await runPrepared(db, acknowledgeRow, [id]);
  }
  // #endregion acknowledge

  /** Deletes up to `limit` rows done before `before`; returns how many. */
  async deleteFinished(db: DbHandle, before: Date, limit: number): Promise<number> {
    return db('outbox')
      .whereIn('id', db('outbox').select('id').where('doneAt', '<', before).limit(limit))
      .delete();
  }

  async stateByTask(db: DbHandle): Promise<OutboxTaskState[]> {
    const [open, republished] = await Promise.all([
      db('outbox')
        .whereNull('doneAt')
        .groupBy('task')
        .select('task')
        .select(
          db.raw('count(*) FILTER (WHERE published_at IS NULL)::int AS pending'),
          db.raw(
            'count(*) FILTER (WHERE published_at IS NOT NULL AND lease_until > now())::int AS in_flight',
          ),
          db.raw(
            'count(*) FILTER (WHERE published_at IS NOT NULL AND lease_until <= now())::int AS overdue',
          ),
          db.raw('extract(epoch FROM now() - min(created_at))::float AS oldest_age_seconds'),
        ),
      db('outbox')
        .where('republished', '>', 0)
        .groupBy('task')
        .select('task', db.raw('sum(republished)::int AS republished')),
    ]);
    const tasks = new Set([...open, ...republished].map((row) => row.task as string));
    return [...tasks].map((task) => {
      const counts = open.find((row) => row.task === task);
      return {
        task,
        pending: counts?.pending ?? 0,
        inFlight: counts?.inFlight ?? 0,
        overdue: counts?.overdue ?? 0,
        republished: republished.find((row) => row.task === task)?.republished ?? 0,
        oldestAgeSeconds: counts ? Math.round(counts.oldestAgeSeconds) : null,
      };
    });
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
