import type { ScheduledTaskName, TaskName, TaskRoute } from '../../entities/tasks.ts';

// #region broker-definition
/** A broker owns one queue: how many jobs run at once, which tasks travel on it, and when. */
export interface Broker {
  queue: string;
  concurrency: number;
  tasks: Partial<Record<TaskName, BrokerTask>>;
  /** Tasks to request on a cron schedule; each slot runs once, however many workers run. */
  schedules?: Schedule[];
}

/** A task's delivery policy; its handler is the one of the same name in the worker's task handlers. */
export type BrokerTask = Omit<TaskRoute, 'queue'>;

/** Scheduled tasks take the slot they run for, which also makes each run's job id unique. */
export interface Schedule {
  task: ScheduledTaskName;
  /** Five fields, or six with seconds first (cron-parser syntax), in UTC. */
  cron: string;
}
// #endregion broker-definition
