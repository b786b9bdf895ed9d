import type { Broker } from './broker.ts';

// #region email-broker
export const emailBroker: Broker = {
  queue: 'email',
  concurrency: 5,
  tasks: {
    'send-welcome-email': {
      handler: 'sendWelcomeEmailTask',
      retries: 5,
      // 1 s, 2 s, 4 s, 8 s, 16 s: a mail server's hiccup usually passes within that.
      backoff: { strategy: 'exponential', delayMs: 1_000 },
      timeoutMs: 30_000,
      maxStalls: 3,
    },
  },
};
// #endregion email-broker
