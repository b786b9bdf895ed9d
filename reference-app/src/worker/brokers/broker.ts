import type { TaskName, TaskRoute } from '../../entities/tasks.ts';

// #region broker-definition
/** A broker owns one queue: how many jobs run at once, and which tasks travel on it. */
export interface Broker {
  queue: string;
  concurrency: number;
  tasks: Partial<Record<TaskName, BrokerTask>>;
}

/** A task's delivery policy and the container name of its handler. */
export interface BrokerTask extends Omit<TaskRoute, 'queue'> {
  handler: string;
}
// #endregion broker-definition
