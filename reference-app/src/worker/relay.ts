import { setTimeout as sleep } from 'node:timers/promises';
import type { AwilixContainer } from 'awilix';
import type { Logger } from '../libs/log/index.ts';
import type { OutboxRelay } from '../services/outbox/outbox-relay.ts';

/** Rows claimed per transaction; the benchmark gives raw Bee-Queue the same batches. */
export const RELAY_BATCH_SIZE = 500;

// #region relay-loop
/** Polls the outbox and publishes it; a full batch goes round again at once, Redis trouble waits. */
export function startOutboxRelay(
  container: AwilixContainer<{ logger: Logger; config: { OUTBOX_POLL_INTERVAL_MS: number } }>,
) {
  const { logger, config } = container.cradle;
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      let busy = false;
      try {
        const { published, failed } = await container
          .resolve<OutboxRelay>('outboxRelay')
          .publishPending(RELAY_BATCH_SIZE);
        if (published) logger.debug({ published }, 'outbox published');
        busy = published === RELAY_BATCH_SIZE && !failed;
      } catch (error) {
        logger.error({ err: error }, 'outbox relay failed');
      }
      if (!busy)
        await sleep(config.OUTBOX_POLL_INTERVAL_MS, undefined, { signal: stop.signal }).catch(
          () => {},
        );
    }
  })();
  return {
    async stop() {
      stop.abort();
      await loop;
    },
  };
}
// #endregion relay-loop
