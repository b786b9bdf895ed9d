import type { Broker, BrokerTask } from './broker.ts';

/** A purge that fails is tried a few times; the next hour's run comes anyway. */
const purge: BrokerTask = {
  retries: 3,
  backoff: { strategy: 'fixed', delayMs: 5 * 60_000, jitter: 0.2 },
  timeoutMs: 5 * 60_000,
  maxStalls: 2,
};

// #region maintenance-broker
/** Housekeeping on a schedule: what has expired or finished long ago is deleted. */
export const maintenanceBroker: Broker = {
  queue: 'maintenance',
  concurrency: 1,
  tasks: {
    'purge-expired-sessions': purge,
    'purge-finished-outbox': purge,
    'purge-expired-idempotency-keys': purge,
  },
  schedules: [
    { task: 'purge-expired-sessions', cron: '0 * * * *' },
    { task: 'purge-finished-outbox', cron: '10 * * * *' },
    { task: 'purge-expired-idempotency-keys', cron: '20 * * * *' },
  ],
};
// #endregion maintenance-broker
