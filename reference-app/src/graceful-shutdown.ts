import type { Logger } from './libs/log/index.ts';

/** What the process allows itself past SHUTDOWN_TIMEOUT_MS before it gives up and exits 1. */
export const SHUTDOWN_MARGIN_MS = 5_000;

// #region graceful-shutdown
/**
 * On the first SIGTERM or SIGINT, runs `stop` and exits 0 (1 if stopping failed).
 * A second signal, or a stop that outlives `timeoutMs`, exits 1 at once. Signals within a
 * second of the first count as the same one: a terminal's Ctrl-C reaches every process of its
 * group, and watchers such as `node --watch` pass it on again.
 */
export function exitGracefullyOnSignal(
  logger: Logger,
  timeoutMs: number,
  stop: () => Promise<void>,
) {
  let firstSignalAt: number | undefined;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 1_000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs + SHUTDOWN_MARGIN_MS).unref();
    try {
      await stop();
      logger.info('stopped cleanly');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
// #endregion graceful-shutdown
