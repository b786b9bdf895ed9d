import { connect } from 'node:net';
import pg from 'pg';

/** Fails fast, with what to run, when a service the app needs does not accept connections. */
export async function ensureReachable(
  service: string,
  url: string,
  howToStart: string,
): Promise<void> {
  const { hostname, port } = new URL(url);
  const defaultPort = service === 'Redis' ? 6379 : 5432;
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) || defaultPort });
    const settle = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2_000);
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
  if (!reachable) {
    console.error(
      `${service} is not reachable at ${hostname}:${port || defaultPort}. Start it: ${howToStart}`,
    );
    process.exit(1);
  }
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      console.log(`Created database ${name}`);
    }
  } finally {
    await client.end();
  }
}
