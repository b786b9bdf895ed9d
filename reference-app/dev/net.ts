import { once } from 'node:events';
import { connect, createServer } from 'node:net';

/** A port nothing listens on right now, for a process that must bind a known port. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Several ports nothing listens on, all different: each is held until all are found. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  for (const server of servers) server.close();
  return ports;
}

/** True when something accepts TCP connections at host:port; undefined otherwise (for `eventually`). */
export function accepts(port: number, host = '127.0.0.1'): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const settle = (answer: true | undefined) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2_000);
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(undefined));
    socket.once('timeout', () => settle(undefined));
  });
}

/** True when the port cannot be bound on any local address: another process holds it. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, () => server.close(() => resolve(false)));
  });
}
