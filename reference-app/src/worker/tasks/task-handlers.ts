import type { TaskName, TaskPayloads } from '../../entities/tasks.ts';
import type { TaskContext } from './task-context.ts';

// #region task-handlers
/** The handler of every task, by task name: a task without one does not compile. */
export type TaskHandlers = {
  [T in TaskName]: (payload: TaskPayloads[T], context: TaskContext) => Promise<unknown>;
};
// #endregion task-handlers
