import type { Broker } from './broker.ts';

// #region maintenance-broker
/** Housekeeping on a schedule. */
export const maintenanceBroker: Broker = {
  queue: 'maintenance',
  concurrency: 1,
  tasks: {
    'purge-expired-sessions': {
      handler: 'purgeExpiredSessionsTask',
      retries: 2,
      backoff: { strategy: 'fixed', delayMs: 60_000 },
      timeoutMs: 5 * 60_000,
      maxStalls: 2,
    },
  },
  schedules: [{ task: 'purge-expired-sessions', cron: '0 * * * *' }],
};
// #endregion maintenance-broker
