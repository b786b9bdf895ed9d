import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knex from 'knex';
import pg from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../dev/embedded-postgres.ts';
import { migrateLatest } from '../../src/database/migrator.ts';

describe('embedded PostgreSQL for npm run dev (PGlite over the wire protocol)', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'refapp-pglite-'));
  let server: EmbeddedPostgres;
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client(server.url);
    await client.connect();
    clients.push(client);
    return client;
  }

  before(async () => {
    server = await startEmbeddedPostgres({ dataDir });
    const setup = await connect();
    await setup.query('CREATE TABLE notes (id int PRIMARY KEY, author text NOT NULL)');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  });

  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when two clients prepare statements of the same name, then each runs its own, and reconnects can reuse the name', async () => {
    const [first, second] = await Promise.all([connect(), connect()]);

    const answers = await Promise.all([
      first.query({ name: 'whoami', text: "SELECT 'first' AS client" }),
      second.query({ name: 'whoami', text: "SELECT 'second' AS client" }),
      first.query({ name: 'whoami', text: "SELECT 'first' AS client" }),
    ]);
    await first.end();
    const third = await connect();
    const again = await third.query({ name: 'whoami', text: "SELECT 'third' AS client" });

    assert.deepEqual(
      answers.map(({ rows }) => rows[0].client),
      ['first', 'second', 'first'],
    );
    assert.equal(again.rows[0].client, 'third');
  });

  it('when several clients run parameterised queries and transactions at once, then each gets its own rows', async () => {
    const authors = ['ada', 'grace', 'edsger', 'barbara'];
    const connections = await Promise.all(authors.map(() => connect()));

    const mismatches = await Promise.all(
      connections.map(async (client, index) => {
        const author = authors[index] as string;
        let wrong = 0;
        for (let round = 0; round < 60; round++) {
          if (round % 10 === 0) {
            await client.query('BEGIN');
            await client.query('INSERT INTO notes VALUES ($1, $2)', [index * 1000 + round, author]);
            await client.query('SELECT pg_sleep(0.001)');
            await client.query('COMMIT');
          }
          const { rows } = await client.query('SELECT $1::int AS round, $2::text AS author', [
            round,
            author,
          ]);
          if (rows[0]?.round !== round || rows[0]?.author !== author) wrong++;
        }
        return wrong;
      }),
    );

    assert.deepEqual(mismatches, [0, 0, 0, 0]);
    const { rows } = await (await connect()).query('SELECT count(*)::int AS n FROM notes');
    assert.equal(rows[0].n, 24);
  });

  it('when a client disconnects inside a transaction, then its work is rolled back and others go on', async () => {
    const leaver = await connect();
    const stayer = await connect();
    await leaver.query('BEGIN');
    await leaver.query("INSERT INTO notes VALUES (9001, 'left halfway')");

    const waiting = stayer.query('SELECT count(*)::int AS n FROM notes WHERE id = 9001');
    await leaver.end();

    assert.equal((await waiting).rows[0].n, 0);
  });

  it('when it restarts on the same folder, then migrated tables and rows are still there', async () => {
    const db = knex({ client: 'pg', connection: server.url, pool: { min: 0, max: 2 } });
    const applied = await migrateLatest(db);
    await db('users').insert({ email: 'kept@example.test', name: 'Kept', password_hash: 'x' });
    await db.destroy();
    await server.stop();

    server = await startEmbeddedPostgres({ dataDir });
    const again = knex({ client: 'pg', connection: server.url, pool: { min: 0, max: 1 } });
    const appliedAgain = await migrateLatest(again);
    const kept = await again('users').where({ email: 'kept@example.test' }).first();
    await again.destroy();

    assert.ok(applied.length > 0);
    assert.equal(appliedAgain.length, 0);
    assert.equal(kept?.name, 'Kept');
  });
});
