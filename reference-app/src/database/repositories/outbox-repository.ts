import type { AttemptRecord, OutboxEntry, OutboxTaskState } from '../../entities/jobs.ts';
import type { TaskMessage, TaskName } from '../../entities/tasks.ts';
import { type DbHandle, type PreparedStatement, runPrepared } from '../../libs/database/index.ts';
import { activeTraceCarrier, withSpan } from '../../libs/telemetry/tracing.ts';

interface OutboxRow {
  id: string;
  task: TaskMessage['task'];
  payload: TaskMessage['payload'];
  requestId: string | null;
  traceContext: Record<string, string> | null;
}

/** How long each task's lease lasts, as two arrays that travel as two parameters. */
export interface LeaseTable {
  tasks: string[];
  ms: number[];
}

// #region outbox-statements
// The relay and the worker run these for every batch or job, as fast as the queue takes jobs:
// prepared, and arrays as single parameters rather than one placeholder per row. A claim takes
// its rows and leases them in one statement, so no lock is held while Redis is asked.
/** Picks rows (`which`, in `order`), skipping those another worker holds, and leases them. */
function claimStatement(name: string, which: string, order: string, alsoSet = '') {
  return {
    name,
    text: `WITH picked AS (
        SELECT id FROM outbox WHERE ${which} AND done_at IS NULL AND task = ANY($2)
        ORDER BY ${order} LIMIT $1 FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox SET ${alsoSet} lease_until = now() + lease.ms * interval '1 millisecond'
      FROM picked, unnest($2::text[], $3::integer[]) AS lease(task, ms)
      WHERE outbox.id = picked.id AND outbox.task = lease.task
      RETURNING outbox.id, outbox.task, outbox.payload, outbox.request_id AS "requestId",
        outbox.trace_context AS "traceContext"`,
  } satisfies PreparedStatement;
}

const claimPendingRows = claimStatement(
  'outbox.claim-pending',
  'published_at IS NULL',
  'created_at',
  'published_at = now(),',
);

// A row without a lease was published by a release before leases: overdue too.
const claimOverdueRows = claimStatement(
  'outbox.claim-overdue',
  'published_at IS NOT NULL AND (lease_until <= now() OR lease_until IS NULL)',
  'lease_until NULLS FIRST',
);

// Rows of a batch are locked in id order, as in every statement here that changes several rows,
// so that two of them sharing rows cannot deadlock.
const beginAttempts: PreparedStatement = {
  name: 'outbox.begin-attempts',
  text: `WITH target AS (
      SELECT id FROM outbox WHERE id = ANY($1::uuid[]) AND done_at IS NULL ORDER BY id FOR UPDATE
    )
    UPDATE outbox SET deliveries = deliveries + 1, published_at = coalesce(published_at, now()),
      lease_until = now() + lease.ms * interval '1 millisecond'
    FROM target JOIN unnest($1::uuid[], $2::integer[]) AS lease(id, ms) ON lease.id = target.id
    WHERE outbox.id = target.id
    RETURNING outbox.id, outbox.deliveries, outbox.failures`,
};

const acknowledgeRows: PreparedStatement = {
  name: 'outbox.acknowledge',
  text: `WITH target AS (
      SELECT id FROM outbox WHERE id = ANY($1::uuid[]) AND done_at IS NULL ORDER BY id FOR UPDATE
    )
    UPDATE outbox SET done_at = now() FROM target WHERE outbox.id = target.id`,
};
// #endregion outbox-statements

/** Open rows among `ids`, locked in id order like every batch statement here, for an update. */
function lockedInIdOrder(db: DbHandle, ids: string[]) {
  const locked = db('outbox').select('id').whereIn('id', ids).whereNull('doneAt').orderBy('id');
  return db('outbox').whereIn('id', locked.forUpdate());
}

async function claim(
  db: DbHandle,
  statement: PreparedStatement,
  limit: number,
  leases: LeaseTable,
): Promise<OutboxEntry[]> {
  const rows = await runPrepared<OutboxRow>(db, statement, [limit, leases.tasks, leases.ms]);
  return rows.map(toEntry);
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    message: {
      task: row.task,
      payload: row.payload,
      requestId: row.requestId ?? undefined,
      traceContext: row.traceContext ?? undefined,
    } as TaskMessage,
  };
}

// #region outbox-repository
/**
 * The transactional outbox: rows written with a business change, published by the worker's relay, and
 * done only when the task's effect has committed (or the job was dead-lettered).
 */
export class OutboxRepository {
  /** Writes the row inside its own span, whose context the row keeps for the job to continue. */
  add<T extends TaskName>(db: DbHandle, message: TaskMessage<T>): Promise<string> {
    const attributes = { 'job.task': message.task };
    return withSpan(`outbox write ${message.task}`, { attributes }, async () => {
      const carrier = activeTraceCarrier();
      const [row] = await db('outbox')
        .insert({
          task: message.task,
          payload: JSON.stringify(message.payload),
          requestId: message.requestId ?? null,
          traceContext: carrier ? JSON.stringify(carrier) : null,
        })
        .returning('id');
      return (row as { id: string }).id;
    });
  }

  // #region claim-pending
  /**
   * Takes up to `limit` rows never published, oldest first, and puts each under its task's lease;
   * rows another worker holds are skipped.
   */
  claimPending(db: DbHandle, limit: number, leases: LeaseTable): Promise<OutboxEntry[]> {
    return claim(db, claimPendingRows, limit, leases);
  }

  /** Takes up to `limit` rows in flight past their lease, the longest overdue first, and renews it. */
  claimOverdue(db: DbHandle, limit: number, leases: LeaseTable): Promise<OutboxEntry[]> {
    return claim(db, claimOverdueRows, limit, leases);
  }
  // #endregion claim-pending

  /** Rows that Redis did not take go back to pending, with the error, for the relay's next round. */
  async returnUnpublished(db: DbHandle, ids: string[], error: string): Promise<void> {
    await lockedInIdOrder(db, ids).update({
      publishedAt: null,
      leaseUntil: null,
      lastError: error,
      publishAttempts: db.raw('publish_attempts + 1'),
    });
  }

  /** Overdue rows that Redis did not take stay overdue, with the error, for the next sweep. */
  async keepOverdue(db: DbHandle, ids: string[], error: string): Promise<void> {
    await lockedInIdOrder(db, ids).update({
      leaseUntil: db.fn.now(),
      lastError: error,
      publishAttempts: db.raw('publish_attempts + 1'),
    });
  }

  /** Counts the rows whose job Redis had lost and was given again. */
  async countRepublished(db: DbHandle, ids: string[]): Promise<void> {
    if (ids.length) await lockedInIdOrder(db, ids).increment('republished', 1);
  }

  /**
   * Counts a delivery of each job and renews its lease, in one statement; a job whose row is done
   * (or unknown) is missing from the answer.
   */
  async beginAttempts(
    db: DbHandle,
    attempts: { id: string; leaseMs: number }[],
  ): Promise<Map<string, AttemptRecord>> {
    const rows = await runPrepared<AttemptRecord & { id: string }>(db, beginAttempts, [
      attempts.map((attempt) => attempt.id),
      attempts.map((attempt) => Math.round(attempt.leaseMs)),
    ]);
    return new Map(rows.map(({ id, deliveries, failures }) => [id, { deliveries, failures }]));
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
  /** The jobs are done: their rows are never published again. Run it in the transaction of the effect. */
  async acknowledge(db: DbHandle, ...ids: string[]): Promise<void> {
    if (ids.length) await runPrepared(db, acknowledgeRows, [ids]);
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
      db('outbox').whereNull('doneAt').groupBy('task').select('task').select(
        db.raw('count(*) FILTER (WHERE published_at IS NULL)::int AS pending'),
        db.raw(
          'count(*) FILTER (WHERE published_at IS NOT NULL AND lease_until > now())::int AS in_flight',
        ),
        // A row without a lease was published by a release before leases: overdue too.
        db.raw(
          'count(*) FILTER (WHERE published_at IS NOT NULL AND (lease_until <= now() OR lease_until IS NULL))::int AS overdue',
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
