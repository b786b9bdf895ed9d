import type { Logger } from '../libs/log/index.ts';

// #region graceful-shutdown
/**
 * On the first SIGTERM or SIGINT, runs `stop` and exits 0 (1 if stopping failed).
 * A second signal, or a stop that outlives `timeoutMs`, exits 1 at once.
 */
export function exitGracefullyOnSignal(
  logger: Logger,
  timeoutMs: number,
  stop: () => Promise<void>,
) {
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs + 5_000).unref();
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
