import { type TaskName, type TaskRoute, taskNames } from '../../entities/tasks.ts';
import type { Broker, BrokerTask, Schedule } from './broker.ts';
import { emailBroker } from './email-broker.ts';
import { exportsBroker } from './exports-broker.ts';
import { maintenanceBroker } from './maintenance-broker.ts';

export type { Broker, BrokerTask, Schedule };

export const brokers: Broker[] = [emailBroker, exportsBroker, maintenanceBroker];

// #region task-routes
/**
 * Where each task goes, derived from the brokers: producers enqueue by name with this table. A
 * task that no broker routes, or that two do, stops the process at start.
 */
export function taskRoutes(fromBrokers: Broker[] = brokers): Record<TaskName, TaskRoute> {
  const routes: Partial<Record<TaskName, TaskRoute>> = {};
  for (const broker of fromBrokers) {
    for (const [name, policy] of Object.entries(broker.tasks)) {
      if (routes[name as TaskName]) throw new Error(`Task ${name} is routed by two brokers`);
      routes[name as TaskName] = { queue: broker.queue, ...policy };
    }
  }
  const unrouted = taskNames.filter((name) => !routes[name]);
  if (unrouted.length) throw new Error(`No broker routes the task(s) ${unrouted.join(', ')}`);
  return routes as Record<TaskName, TaskRoute>;
}
// #endregion task-routes
