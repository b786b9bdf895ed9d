import { once } from 'node:events';
import { createServer } from 'node:http';
import { createApiApp } from './api/app.ts';
import { loadConfigOrExit } from './common/config.ts';
import { buildContainer } from './container.ts';
import { exitGracefullyOnSignal } from './helpers/graceful-shutdown.ts';

// #region main-api
const config = loadConfigOrExit();
const container = buildContainer(config);
const { logger } = container.cradle;
const server = createServer(createApiApp(container).callback());

exitGracefullyOnSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // Stop accepting, let in-flight requests finish, then close pools and connections.
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
  await closed;
  clearTimeout(cutOff);
  await container.dispose();
});

await container.cradle.superadminBootstrap.run();

server.listen(config.PORT, config.HOST, () => {
  logger.info({ url: `http://${config.HOST}:${config.PORT}` }, 'API listening');
});
// #endregion main-api
