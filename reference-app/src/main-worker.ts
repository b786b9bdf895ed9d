import { loadConfigOrExit } from './common/config.ts';
import { buildContainer } from './container.ts';
import { exitGracefullyOnSignal } from './helpers/graceful-shutdown.ts';
import { startWorker } from './worker/app.ts';
import { brokers } from './worker/brokers/index.ts';

// #region main-worker
const config = loadConfigOrExit();
const container = buildContainer(config);
const { logger, queue } = container.cradle;

exitGracefullyOnSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // Running jobs finish (up to the limit) before the database they use is closed.
  await queue.close(config.SHUTDOWN_TIMEOUT_MS);
  await container.dispose();
});

await startWorker(container, brokers);
logger.info('worker ready');
// #endregion main-worker
