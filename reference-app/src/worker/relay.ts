import { type BurstLog, createBurstLog } from '../libs/log/burst-log.ts';
import type { Logger } from '../libs/log/index.ts';
import type { OutboxPublisher, RelayRound } from '../services/outbox/outbox-publisher.ts';
import { startLoop } from './loop.ts';

/** Rows taken per round; the benchmark gives raw Bee-Queue the same batches. */
export const RELAY_BATCH_SIZE = 500;

/** What the loops run with, taken from the container once when the worker starts. */
export interface RelayDependencies {
  logger: Logger;
  config: { OUTBOX_POLL_INTERVAL_MS: number; OUTBOX_SWEEP_INTERVAL_MS: number };
  outboxPublisher: OutboxPublisher;
}

/** Logs a round's trouble once per burst: Redis refusing jobs, or the round failing outright. */
async function round(
  name: 'relay' | 'sweeper',
  outages: BurstLog,
  run: () => Promise<RelayRound>,
): Promise<RelayRound | undefined> {
  try {
    const result = await run();
    if (result.failure) {
      outages.warn(
        `${name}:redis`,
        { dependency: 'redis', reason: result.failure.message },
        `${name} cannot publish: jobs wait in the outbox`,
      );
    }
    return result;
  } catch (error) {
    outages.warn(
      `${name}:postgres`,
      { dependency: 'postgres', reason: (error as Error).message },
      `${name} cannot read the outbox`,
    );
    return undefined;
  }
}

// #region relay-loop
/**
 * Every worker runs both loops. The relay publishes new outbox rows; a full batch goes round
 * again at once. The sweeper publishes rows in flight past their lease: Redis lost their jobs,
 * or they are slow, in which case Redis still holds them and nothing changes but the lease.
 */
export function startOutboxRelay({ logger, config, outboxPublisher }: RelayDependencies) {
  const outages = createBurstLog(logger);
  const relay = startLoop(config.OUTBOX_POLL_INTERVAL_MS, async () => {
    const result = await round('relay', outages, () =>
      outboxPublisher.publishPending(RELAY_BATCH_SIZE),
    );
    if (result?.published) logger.debug({ published: result.published }, 'outbox published');
    return result?.claimed === RELAY_BATCH_SIZE && !result.failure ? 'more' : 'idle';
  });
  const sweeper = startLoop(config.OUTBOX_SWEEP_INTERVAL_MS, async () => {
    const result = await round('sweeper', outages, () =>
      outboxPublisher.republishOverdue(RELAY_BATCH_SIZE),
    );
    if (result?.republished) {
      logger.warn(
        { dependency: 'redis', republished: result.republished },
        'jobs that Redis lost were published again',
      );
    }
    return result?.claimed === RELAY_BATCH_SIZE && !result.failure ? 'more' : 'idle';
  });
  return {
    async stop() {
      await Promise.all([relay.stop(), sweeper.stop()]);
    },
  };
}
// #endregion relay-loop
