// First: tracing hooks the modules that the imports below load.
import './tracing-worker.ts';
import { loadConfigOrExit } from './common/config.ts';
import { buildContainer } from './container.ts';
import { exitGracefullyOnSignal } from './graceful-shutdown.ts';
import { serveMetrics } from './metrics-endpoint.ts';
import { tracing } from './tracing-worker.ts';
import { startConsumers } from './worker/app.ts';
import { brokers } from './worker/brokers/index.ts';
import { startOutboxRelay } from './worker/relay.ts';
import { SCHEDULER_TICK_MS, startScheduler } from './worker/scheduler.ts';

// #region main-worker
const config = loadConfigOrExit();
const container = buildContainer(config);
const { logger, queue, objectStorage } = container.cradle;

// Without object storage only exports fail (and are retried); every other task still runs.
await objectStorage
  .ensureBucket()
  .catch((error: Error) =>
    logger.warn({ dependency: 's3', reason: error.message }, 'object storage unavailable'),
  );
const metrics = await serveMetrics(container.cradle);
await startConsumers(container.cradle, brokers);
const relay = startOutboxRelay(container.cradle);
const scheduler = startScheduler(
  container.cradle,
  brokers.flatMap((broker) => broker.schedules ?? []),
  SCHEDULER_TICK_MS,
);

exitGracefullyOnSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  await Promise.all([relay.stop(), scheduler.stop()]);
  // Running jobs finish (up to the limit) before the database they use is closed; a job cut
  // off stays active in Redis, and another worker's stall check delivers it again.
  // The metrics go first: a scrape would open the queue again to count its jobs.
  await metrics?.close();
  await queue.close(config.SHUTDOWN_TIMEOUT_MS);
  // Spans still buffered are sent last, whatever failed before.
  await container.dispose().finally(() => tracing.shutdown());
});

logger.info({ metrics: metrics?.url, tracing: tracing.enabled }, 'worker ready');
// #endregion main-worker
