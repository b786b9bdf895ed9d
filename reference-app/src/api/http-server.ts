import { once } from 'node:events';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lifecycle } from '../common/lifecycle.ts';

/** A keep-alive connection idle this long after the port closed is dropped: its client is quiet. */
export const IDLE_GRACE_MS = 1_000;

// #region drain-http-server
/**
 * The API's half of a graceful shutdown. Readiness turns 503 at once, while requests are still
 * served for `drainMs`, so that a load balancer stops sending. Then the port closes, every answer
 * ends its connection, quiet connections are dropped, and requests in flight get `timeoutMs` to
 * finish. Only requests still running after that are cut off.
 */
export async function drainHttpServer(
  server: Server,
  lifecycle: Lifecycle,
  { drainMs, timeoutMs }: { drainMs: number; timeoutMs: number },
): Promise<void> {
  lifecycle.startDraining();
  await sleep(drainMs);
  const closed = once(server, 'close');
  // Not http.Server#close: it would also drop idle keep-alive connections at once, among them
  // any whose client is sending its next request right now.
  NetServer.prototype.close.call(server);
  lifecycle.startClosing();
  const cutOff = setTimeout(() => server.closeAllConnections(), timeoutMs);
  const quiet = setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, timeoutMs));
  await closed;
  clearTimeout(cutOff);
  clearTimeout(quiet);
}
// #endregion drain-http-server
