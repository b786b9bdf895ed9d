import type { Broker } from './broker.ts';

// #region exports-broker
/** Exports are long and heavy on the database: one at a time per worker. */
export const exportsBroker: Broker = {
  queue: 'exports',
  concurrency: 1,
  tasks: {
    'export-users': {
      handler: 'exportUsersTask',
      retries: 3,
      backoff: { strategy: 'exponential', delayMs: 5_000 },
      timeoutMs: 10 * 60_000,
      maxStalls: 2,
    },
  },
};
// #endregion exports-broker
