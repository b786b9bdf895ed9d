// First: tracing hooks the modules that the imports below load.
import './tracing-api.ts';
import { createServer } from 'node:http';
import { createApiApp } from './api/app.ts';
import { drainHttpServer } from './api/http-server.ts';
import { loadConfigOrExit } from './common/config.ts';
import { buildContainer } from './container.ts';
import { exitGracefullyOnSignal } from './graceful-shutdown.ts';
import { serveMetrics } from './metrics-endpoint.ts';
import { tracing } from './tracing-api.ts';

// #region main-api
const config = loadConfigOrExit();
const container = buildContainer(config);
const { logger, lifecycle } = container.cradle;
const server = createServer(createApiApp(container.cradle).callback());
const metrics = await serveMetrics(container.cradle);

const { SHUTDOWN_DRAIN_MS: drainMs, SHUTDOWN_TIMEOUT_MS: timeoutMs } = config;
exitGracefullyOnSignal(logger, drainMs + timeoutMs, async () => {
  // Readiness 503 while the port stays open, then no new connections, in-flight requests finish.
  await drainHttpServer(server, lifecycle, { drainMs, timeoutMs });
  await metrics?.close();
  // Spans still buffered are sent last, whatever failed before.
  await container.dispose().finally(() => tracing.shutdown());
});

await container.cradle.superadminBootstrap.run();

server.listen(config.PORT, config.HOST, () => {
  const url = `http://${config.HOST}:${config.PORT}`;
  logger.info({ url, metrics: metrics?.url, tracing: tracing.enabled }, 'API listening');
});
// #endregion main-api
