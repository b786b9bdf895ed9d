import type { Broker, BrokerTask } from './broker.ts';

/** A purge that fails is tried a few times; the next hour's run comes anyway. */
const purge: BrokerTask = {
  retries: 3,
  backoff: { strategy: 'fixed', delayMs: 5 * 60_000, jitter: 0.2 },
  timeoutMs: 5 * 60_000,
  maxStalls: 2,
};

// #region maintenance-broker
/** Housekeeping: what has expired or finished long ago is deleted, and deleted accounts anonymised. */
export const maintenanceBroker: Broker = {
  queue: 'maintenance',
  concurrency: 1,
  tasks: {
    // #region anonymise-deleted-user-route
    // Waits of 10 s, 20 s, 40 s … up to 10 minutes: a database hiccup passes long before the
    // account's anonymisation becomes a dead letter for an administrator to retry.
    'anonymise-deleted-user': {
      retries: 10,
      backoff: { strategy: 'exponential', delayMs: 10_000, maxDelayMs: 10 * 60_000, jitter: 0.2 },
      timeoutMs: 30_000,
      maxStalls: 3,
    },
    // #endregion anonymise-deleted-user-route
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
