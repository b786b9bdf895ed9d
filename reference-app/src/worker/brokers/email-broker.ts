import type { Broker } from './broker.ts';

// #region email-broker
export const emailBroker: Broker = {
  queue: 'email',
  concurrency: 5,
  tasks: {
    'send-welcome-email': {
      // Waits of 1 s, 2 s, 4 s … up to 5 minutes, each up to a fifth shorter at random: more than
      // an hour of tries, so a mail provider's outage ends before the welcome becomes a dead letter.
      retries: 25,
      backoff: { strategy: 'exponential', delayMs: 1_000, maxDelayMs: 5 * 60_000, jitter: 0.2 },
      timeoutMs: 30_000,
      maxStalls: 3,
    },
  },
};
// #endregion email-broker
