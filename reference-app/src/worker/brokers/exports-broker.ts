import type { Broker } from './broker.ts';

// #region exports-broker
/** Exports are long and heavy on the database: one at a time per worker. */
export const exportsBroker: Broker = {
  queue: 'exports',
  concurrency: 1,
  tasks: {
    'export-users': {
      // Waits of 30 s, 1 min, 2 min … up to 10 minutes: an hour of tries at least.
      retries: 11,
      backoff: { strategy: 'exponential', delayMs: 30_000, maxDelayMs: 10 * 60_000, jitter: 0.2 },
      timeoutMs: 10 * 60_000,
      maxStalls: 2,
    },
  },
};
// #endregion exports-broker
