import type {
  LeaseTable,
  OutboxRepository,
} from '../../database/repositories/outbox-repository.ts';
import type { OutboxEntry } from '../../entities/jobs.ts';
import type { TaskName, TaskRoute } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';
import type { QueueClient } from '../../libs/queue/index.ts';
import {
  activeTraceCarrier,
  failSpan,
  runInSpan,
  type Span,
  SpanKind,
  startSpan,
} from '../../libs/telemetry/tracing.ts';
import { leaseMs } from './lease.ts';

interface OutboxPublisherDeps {
  config: { OUTBOX_LEASE_MARGIN_MS: number };
  database: Database;
  outboxRepository: OutboxRepository;
  queue: Pick<QueueClient, 'publishAll'>;
  taskRoutes: Record<TaskName, TaskRoute>;
}

/** One round of publishing: how many rows it took, published, found lost; why some failed. */
export interface RelayRound {
  claimed: number;
  published: number;
  republished: number;
  failure?: Error | undefined;
}

// #region publish-span
/**
 * A row written inside a trace is published inside it too: a span that is a child of the outbox
 * write, whose context the job then carries, so that the job's span is a child of its publish.
 */
function publishSpan(entry: OutboxEntry): Span | undefined {
  const { task, traceContext } = entry.message;
  if (!traceContext) return undefined;
  return startSpan(`publish ${task}`, {
    kind: SpanKind.PRODUCER,
    parent: traceContext,
    attributes: {
      'messaging.system': 'bee-queue',
      'messaging.message.id': entry.id,
      'job.task': task,
    },
  });
}

function endSpan(span: Span, error: Error | undefined): void {
  if (error) failSpan(span, error);
  span.end();
}

function withTraceContext(entry: OutboxEntry, span: Span | undefined): OutboxEntry {
  if (!span) return entry;
  return { ...entry, message: { ...entry.message, traceContext: activeTraceCarrier(span) } };
}
// #endregion publish-span

// #region outbox-publisher
/**
 * Publishes outbox rows to the queue, for the worker's two loops (worker/relay.ts): new rows for
 * the relay, rows in flight past their lease for the sweeper. Each row is leased when it is taken,
 * before Redis is asked, so a row stays in flight until its job acknowledges it, and no lock is
 * held while Redis answers.
 */
export class OutboxPublisher {
  readonly #deps: OutboxPublisherDeps;
  readonly #leases: LeaseTable;

  constructor(deps: OutboxPublisherDeps) {
    this.#deps = deps;
    const routes = Object.entries(deps.taskRoutes);
    this.#leases = {
      tasks: routes.map(([task]) => task),
      ms: routes.map(([, route]) => leaseMs(route, deps.config.OUTBOX_LEASE_MARGIN_MS)),
    };
  }

  /** Publishes new rows; those Redis refuses go back to pending for the next round. */
  async publishPending(batchSize: number): Promise<RelayRound> {
    const { database, outboxRepository } = this.#deps;
    const entries = await outboxRepository.claimPending(database.handle, batchSize, this.#leases);
    const { published, failed, failure } = await this.#publish(entries);
    if (failure) await outboxRepository.returnUnpublished(database.handle, failed, failure.message);
    return { claimed: entries.length, published: published.length, republished: 0, failure };
  }

  /** Publishes overdue rows again, under the same job id: Redis adds only the jobs it lost. */
  async republishOverdue(batchSize: number): Promise<RelayRound> {
    const { database, outboxRepository } = this.#deps;
    const entries = await outboxRepository.claimOverdue(database.handle, batchSize, this.#leases);
    const { published, failed, failure, alreadyQueued } = await this.#publish(entries);
    if (failure) await outboxRepository.keepOverdue(database.handle, failed, failure.message);
    const lost = published.filter((id) => !alreadyQueued.has(id));
    await outboxRepository.countRepublished(database.handle, lost);
    return {
      claimed: entries.length,
      published: published.length,
      republished: lost.length,
      failure,
    };
  }

  async #publish(entries: OutboxEntry[]) {
    if (!entries.length) return { published: [], failed: [], alreadyQueued: new Set<string>() };
    const spans = entries.map(publishSpan);
    // A batch of one traced row shows Redis's commands under its publish; a batch of several
    // traces is one pipeline, which belongs to none of them.
    const single = spans.filter(Boolean).length === 1 ? spans.find(Boolean) : undefined;
    const outcome = await runInSpan(single, () =>
      this.#deps.queue.publishAll(
        entries.map((entry, index) => withTraceContext(entry, spans[index])),
      ),
    ).catch((error: Error) => {
      for (const span of spans) if (span) endSpan(span, error);
      throw error;
    });
    entries.forEach((entry, index) => {
      const span = spans[index];
      if (!span) return;
      if (outcome.alreadyQueued.has(entry.id)) span.setAttribute('job.already_queued', true);
      endSpan(span, outcome.failed.get(entry.id));
    });
    const [failure] = outcome.failed.values();
    const ids = entries.map((entry) => entry.id);
    return {
      published: ids.filter((id) => !outcome.failed.has(id)),
      failed: [...outcome.failed.keys()],
      alreadyQueued: outcome.alreadyQueued,
      failure,
    };
  }
}
// #endregion outbox-publisher
