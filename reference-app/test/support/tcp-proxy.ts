import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
}

function link({ client, upstream }: Pair) {
  client.pipe(upstream);
  upstream.pipe(client);
}

function hold({ client, upstream }: Pair) {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}

// #region tcp-proxy
/**
 * A TCP proxy of the test's own in front of a server (PostgreSQL): the test can cut it (every
 * connection dropped, new ones refused) or freeze it (connections stay open, nothing gets through),
 * and restore it, without touching the server itself.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const pairs = new Set<Pair>();
  let frozen = false;
  const server = createServer((client) => {
    const pair = { client, upstream: connect(target) };
    pairs.add(pair);
    for (const socket of [pair.client, pair.upstream]) {
      socket.on('error', () => {});
      socket.on('close', () => {
        pairs.delete(pair);
        pair.client.destroy();
        pair.upstream.destroy();
      });
    }
    if (frozen) hold(pair);
    else link(pair);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const destroyAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
    }
  };
  return {
    port,
    /** Unreachable: every connection dropped, new ones refused. */
    async cut() {
      const closed = once(server, 'close');
      server.close();
      destroyAll();
      await closed;
    },
    /** Frozen: connections stay open and new ones are taken, but no byte gets through. */
    freeze() {
      frozen = true;
      for (const pair of pairs) hold(pair);
    },
    async restore() {
      if (frozen) for (const pair of pairs) link(pair);
      frozen = false;
      if (!server.listening) {
        server.listen(port, '127.0.0.1');
        await once(server, 'listening');
      }
    },
    async close() {
      destroyAll();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
// #endregion tcp-proxy
