// PostgreSQL for `npm run dev` on a machine without one: PGlite (PostgreSQL compiled to
// WebAssembly) in this process, served over the wire protocol so that pg and knex connect as usual.
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export interface EmbeddedPostgres {
  /** A DATABASE_URL for pg and knex. */
  url: string;
  stop(): Promise<void>;
}

// #region session-lock
/**
 * PGlite is a single session, shared by every client. A client holds it from its first message
 * until its unit of work ends: a simple query, or an extended-protocol batch up to Sync, and
 * never while a transaction it opened is still open. (@electric-sql/pglite-socket's multiplexer switches
 * clients between any two messages, so one client's Bind can meet another's Parse: tried here,
 * clients received each other's rows.)
 */
class SessionLock {
  #owner: Socket | null = null;
  readonly #waiting: { client: Socket; grant: () => void }[] = [];

  async acquire(client: Socket): Promise<void> {
    if (this.#owner === client) return;
    if (this.#owner === null) {
      this.#owner = client;
      return;
    }
    await new Promise<void>((grant) => this.#waiting.push({ client, grant }));
  }

  isHeldBy(client: Socket): boolean {
    return this.#owner === client;
  }

  release(client: Socket): void {
    if (this.#owner !== client) return;
    const next = this.#waiting.shift();
    this.#owner = next?.client ?? null;
    next?.grant();
  }

  forget(client: Socket): void {
    const index = this.#waiting.findIndex((waiter) => waiter.client === client);
    if (index >= 0) this.#waiting.splice(index, 1);
  }
}
// #endregion session-lock

/** Splits the bytes received so far into whole protocol messages; the rest waits for more. */
function takeMessages(
  buffer: Buffer,
  beforeStartup: boolean,
): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  let startup = beforeStartup;
  for (;;) {
    // Start-up messages have no type byte: a length, then a code. Every later one: a type, a length.
    const headerLength = startup ? 4 : 5;
    if (buffer.length - offset < headerLength) break;
    const total = startup ? buffer.readInt32BE(offset) : 1 + buffer.readInt32BE(offset + 1);
    if (buffer.length - offset < total) break;
    const message = buffer.subarray(offset, offset + total);
    messages.push(message);
    offset += total;
    if (startup && message.length >= 8 && !isNegotiation(message.readInt32BE(4))) startup = false;
  }
  return { messages, rest: buffer.subarray(offset) };
}

// #region statement-names
/**
 * Named prepared statements outlive a unit of work, and in PGlite's one session every client would
 * see (and collide with) every other client's. So each client's statement names get its own prefix
 * on the way in: in Parse, in Bind, and in Describe and Close when they name a statement.
 */
function withOwnStatementNames(
  message: Buffer,
  prefix: string,
): { message: Buffer; parsed?: string } {
  const type = String.fromCharCode(message[0] ?? 0);
  // Where the statement's name starts: after the type and length, a portal name, or a kind byte.
  let start: number;
  if (type === 'P') start = 5;
  else if (type === 'B') start = message.indexOf(0, 5) + 1;
  else if ((type === 'D' || type === 'C') && message[5] === 'S'.charCodeAt(0)) start = 6;
  else return { message };
  const end = message.indexOf(0, start);
  const name = message.toString('utf8', start, end);
  if (!name) return { message };
  const renamed = Buffer.from(`${prefix}${name}`);
  const body = Buffer.concat([message.subarray(5, start), renamed, message.subarray(end)]);
  const header = Buffer.alloc(5);
  header[0] = message[0] ?? 0;
  header.writeInt32BE(body.length + 4, 1);
  return {
    message: Buffer.concat([header, body]),
    parsed: type === 'P' ? renamed.toString() : undefined,
  };
}
// #endregion statement-names

function isNegotiation(code: number): boolean {
  return code === SSL_REQUEST || code === GSSENC_REQUEST || code === CANCEL_REQUEST;
}

/**
 * PGlite is one session; this shares it between socket clients. Each client's messages run in
 * turn, under the session lock, with its own prepared-statement names; a client that goes away
 * leaves no transaction and no statement behind.
 */
class SharedSession {
  readonly #db: PGlite;
  readonly #session = new SessionLock();
  readonly #statementsOf = new Map<Socket, { prefix: string; names: Set<string> }>();
  #clientCount = 0;

  constructor(db: PGlite) {
    this.#db = db;
  }

  async #run(client: Socket, received: Buffer, isStartup: boolean): Promise<void> {
    const type = isStartup ? '' : String.fromCharCode(received[0] ?? 0);
    if (type === 'X') {
      client.end();
      return;
    }
    const statements = this.#statementsOf.get(client);
    const { message, parsed } =
      isStartup || !statements
        ? { message: received, parsed: undefined }
        : withOwnStatementNames(received, statements.prefix);
    if (parsed) statements?.names.add(parsed);
    await this.#session.acquire(client);
    await this.#db.runExclusive(() =>
      this.#db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (chunk) => {
          if (client.writable) client.write(chunk);
        },
      }),
    );
    const unitOfWorkEnded = isStartup || type === 'S' || type === 'Q';
    if (unitOfWorkEnded && !this.#db.isInTransaction()) this.#session.release(client);
  }

  async #disconnected(client: Socket): Promise<void> {
    this.#session.forget(client);
    const names = this.#statementsOf.get(client)?.names ?? new Set<string>();
    this.#statementsOf.delete(client);
    if (!this.#session.isHeldBy(client) && names.size === 0) return;
    await this.#session.acquire(client);
    // A client gone mid-transaction must not leave its half-done work to the next one.
    if (this.#db.isInTransaction()) await this.#db.exec('ROLLBACK');
    for (const name of names) {
      await this.#db.exec(`DEALLOCATE "${name.replaceAll('"', '""')}"`).catch(() => {});
    }
    this.#session.release(client);
  }

  /** Answers one client: the start-up negotiation here, every other message through PGlite. */
  serve(client: Socket): void {
    this.#statementsOf.set(client, { prefix: `c${++this.#clientCount}.`, names: new Set() });
    client.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let beforeStartup = true;
    let queue = Promise.resolve();
    client.on('data', (data) => {
      const { messages, rest } = takeMessages(Buffer.concat([pending, data]), beforeStartup);
      pending = rest;
      for (const message of messages) {
        const code = beforeStartup ? message.readInt32BE(4) : 0;
        if (beforeStartup && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          client.write('N'); // no encryption on a local development server
          continue;
        }
        if (beforeStartup && code === CANCEL_REQUEST) {
          client.end();
          continue;
        }
        const isStartup = beforeStartup;
        beforeStartup = false;
        queue = queue.then(() => this.#run(client, message, isStartup));
      }
      queue = queue.catch((error: unknown) => {
        console.error('Embedded PostgreSQL: closing a connection after an error:', error);
        client.destroy();
      });
    });
    client.on('error', () => client.destroy());
    client.on('close', () => {
      queue = queue.then(() => this.#disconnected(client));
    });
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir });
  const shared = new SharedSession(db);
  const clients = new Set<Socket>();
  const server = createServer((client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    shared.serve(client);
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const closed = once(server, 'close');
      server.close();
      for (const client of clients) client.destroy();
      await closed;
      await db.close();
    },
  };
}
