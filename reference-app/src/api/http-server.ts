import { once } from 'node:events';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lifecycle } from '../common/lifecycle.ts';

/** Long enough for a request already sent on a just-accepted connection to arrive. */
const ARRIVAL_GRACE_MS = 100;

// #region drain-http-server
/**
 * The API's half of a graceful shutdown. Readiness turns 503 at once while the port stays open
 * for `drainMs`, so a load balancer stops sending; then the port closes, idle connections are
 * dropped, and requests in flight finish within `timeoutMs`. Requests cut off only past that.
 */
export async function drainHttpServer(
  server: Server,
  lifecycle: Lifecycle,
  { drainMs, timeoutMs }: { drainMs: number; timeoutMs: number },
): Promise<void> {
  lifecycle.startDraining();
  await sleep(drainMs);
  // http.Server#close would drop idle connections at the same moment, among them any whose first
  // request is still on its way: stop accepting first, drop the idle ones just after.
  const closed = once(server, 'close');
  NetServer.prototype.close.call(server);
  await sleep(ARRIVAL_GRACE_MS);
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(cutOff);
}
// #endregion drain-http-server
