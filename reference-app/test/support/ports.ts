import { portTaken } from '../../dev/net.ts';

/**
 * Free ports below Linux's ephemeral range (32768 and up), for a test that starts `npm run dev`:
 * the launcher binds its own helpers (PGlite, redis-server, the trace receiver) to ports the system
 * picks from that range, and one of them once took the port a test had chosen for the API before
 * the API bound it.
 */
export async function portsOutsideEphemeral(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && !(await portTaken(port))) ports.push(port);
  }
  return ports;
}
