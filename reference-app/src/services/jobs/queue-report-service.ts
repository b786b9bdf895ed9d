import type { DeadLetterRepository } from '../../database/repositories/dead-letter-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { OutboxTaskState } from '../../entities/jobs.ts';
import type { TaskName, TaskRoute } from '../../entities/tasks.ts';
import type { Database } from '../../libs/database/index.ts';
import type { QueueClient, QueueCounts } from '../../libs/queue/index.ts';

interface QueueReportServiceDeps {
  database: Database;
  outboxRepository: OutboxRepository;
  deadLetterRepository: DeadLetterRepository;
  queue: Pick<QueueClient, 'counts'>;
  taskRoutes: Record<TaskName, TaskRoute>;
  queueNames: string[];
}

export interface TaskReport extends OutboxTaskState {
  queue: string;
  /** Dead letters not retried yet. */
  deadLettered: number;
}

export interface QueueReport extends Partial<QueueCounts> {
  name: string;
  /** False when Redis did not answer: the queue's own counts are then missing. */
  reachable: boolean;
}

// #region queue-report-service
/** Per task from PostgreSQL, the source of truth; per queue from Redis, when it answers. */
export class QueueReportService {
  readonly #deps: QueueReportServiceDeps;

  constructor(deps: QueueReportServiceDeps) {
    this.#deps = deps;
  }

  async report(): Promise<{ tasks: TaskReport[]; queues: QueueReport[] }> {
    const { database, outboxRepository, deadLetterRepository, queue, taskRoutes, queueNames } =
      this.#deps;
    const [states, deadLettered, queues] = await Promise.all([
      outboxRepository.stateByTask(database.handle),
      deadLetterRepository.countOpenByTask(database.handle),
      Promise.all(
        queueNames.map(async (name) => {
          try {
            return { name, reachable: true, ...(await queue.counts(name)) };
          } catch {
            return { name, reachable: false };
          }
        }),
      ),
    ]);
    const tasks = (Object.keys(taskRoutes) as TaskName[]).map((task) => ({
      ...(states.find((state) => state.task === task) ?? idle(task)),
      queue: taskRoutes[task].queue,
      deadLettered: deadLettered[task] ?? 0,
    }));
    return { tasks, queues };
  }
}
// #endregion queue-report-service

function idle(task: string): OutboxTaskState {
  return { task, pending: 0, inFlight: 0, overdue: 0, republished: 0, oldestAgeSeconds: null };
}
