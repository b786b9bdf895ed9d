import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  defaultMigrationsDir,
  flywayChecksum,
  HISTORY_TABLE,
  migrateLatest,
  readMigrations,
} from '../../src/database/migrator.ts';
import { withScratchDatabase } from '../support/database.ts';
import { recordTranscript, textTable } from '../support/recorder.ts';

async function migrationsFolder(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

describe('migrator (real PostgreSQL)', () => {
  const folders: string[] = [];
  const folder = async (files: Record<string, string>) => {
    const dir = await migrationsFolder(files);
    folders.push(dir);
    return dir;
  };
  after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("when the project's migrations run on an empty database, then each version is announced and users exists", async () => {
    await withScratchDatabase(async (db) => {
      const announced: string[] = [];

      const applied = await migrateLatest(db, {
        onApply: (migration) => announced.push(migration.file),
      });

      assert.deepEqual(announced, applied);
      assert.ok(applied.includes('V1__create_users.sql'));
      assert.equal(await db.schema.hasTable('users'), true);
    });
  });

  // #region flyway-history-test
  it("when the migrations run on an empty database, then Flyway's history is the only one, with its checksums", async () => {
    await withScratchDatabase(async (db) => {
      await migrateLatest(db);

      const { rows: tables } = await db.raw(
        "SELECT tablename FROM pg_tables WHERE tablename ~ '(migration|schema_history)' ORDER BY 1",
      );
      const { rows: history } = await db.raw(
        `SELECT installed_rank, version, description, type, script, checksum, success
         FROM ${HISTORY_TABLE} ORDER BY installed_rank`,
      );
      const files = await readMigrations(defaultMigrationsDir);
      assert.deepEqual(
        tables.map((row: { tablename: string }) => row.tablename),
        [HISTORY_TABLE],
      );
      assert.deepEqual(
        history,
        files.map((file, index) => ({
          installed_rank: index + 1,
          version: file.versionText,
          description: file.description,
          type: 'SQL',
          script: file.file,
          checksum: flywayChecksum(file.sql),
          success: true,
        })),
      );
      assert.equal(history[0]?.description, 'create users');
      recordTranscript('flyway-schema-history', textTable(history));
    });
  });
  // #endregion flyway-history-test

  it('when two migrators start at once, then one applies everything and the other nothing', async () => {
    await withScratchDatabase(async (db) => {
      const runs = await Promise.all([migrateLatest(db), migrateLatest(db)]);

      const files = (await readMigrations(defaultMigrationsDir)).map((file) => file.file);
      assert.deepEqual(
        runs.map((applied) => applied.length).sort((a, b) => a - b),
        [0, files.length],
      );
    });
  });

  it('when a database was migrated with the Knex history of earlier versions, then it is adopted, not applied again', async () => {
    await withScratchDatabase(async (db) => {
      await migrateLatest(db);
      const files = await readMigrations(defaultMigrationsDir);
      // What the earlier migrator left: Knex's tables and a SHA-256 per file, no Flyway history.
      await db.raw(`DROP TABLE ${HISTORY_TABLE};
        CREATE TABLE knex_migrations (id serial PRIMARY KEY, name text, batch int, migration_time timestamptz);
        CREATE TABLE knex_migrations_lock (index serial PRIMARY KEY, is_locked int);
        CREATE TABLE schema_migration_checksums (name text PRIMARY KEY, checksum text NOT NULL)`);
      for (const file of files) {
        await db('knex_migrations').insert({
          name: file.file,
          batch: 1,
          migration_time: new Date(),
        });
        const sha256 = createHash('sha256').update(file.sql).digest('hex');
        await db('schema_migration_checksums').insert({ name: file.file, checksum: sha256 });
      }

      const applied = await migrateLatest(db);

      assert.deepEqual(applied, []);
      const { rows } = await db.raw(`SELECT script FROM ${HISTORY_TABLE} ORDER BY installed_rank`);
      assert.deepEqual(
        rows.map((row: { script: string }) => row.script),
        files.map((file) => file.file),
      );
      assert.equal(await db.schema.hasTable('knex_migrations'), false);
    });
  });

  it('when a new file is older than one applied already, then the migrator refuses and names it', async () => {
    const dir = await folder({ 'V2__create_things.sql': 'CREATE TABLE things (id int);' });
    await withScratchDatabase(async (db) => {
      await migrateLatest(db, { dir });
      await writeFile(path.join(dir, 'V1__create_stuff.sql'), 'CREATE TABLE stuff (id int);');

      await assert.rejects(migrateLatest(db, { dir }), /V1__create_stuff\.sql is older than V2/);
    });
  });

  it('when everything is applied already, then a second run applies nothing', async () => {
    await withScratchDatabase(async (db) => {
      await migrateLatest(db);

      assert.deepEqual(await migrateLatest(db), []);
    });
  });

  // #region numeric-order-test
  it('when versions pass 9, then they are applied in numeric order, not text order', async () => {
    const dir = await folder({
      'V10__add_column.sql': 'ALTER TABLE things ADD COLUMN size int;',
      'V2__create_things.sql': 'CREATE TABLE things (id int);',
    });
    await withScratchDatabase(async (db) => {
      assert.deepEqual(await migrateLatest(db, { dir }), [
        'V2__create_things.sql',
        'V10__add_column.sql',
      ]);
    });
  });
  // #endregion numeric-order-test

  // #region edited-migration-test
  it('when an applied migration is edited, then the migrator refuses and names the file', async () => {
    const dir = await folder({});
    await cp(defaultMigrationsDir, dir, { recursive: true });
    await withScratchDatabase(async (db) => {
      await migrateLatest(db, { dir });
      await appendFile(
        path.join(dir, 'V1__create_users.sql'),
        '\nALTER TABLE users ADD COLUMN nickname text;\n',
      );

      const refusal = await migrateLatest(db, { dir }).then(
        () => assert.fail('an edited migration was applied'),
        (error: Error) => error.message,
      );

      assert.match(refusal, /Migration V1__create_users\.sql was edited after it was applied/);
      recordTranscript('edited-migration-refused', refusal);
    });
  });
  // #endregion edited-migration-test

  it("when a file does not follow Flyway's naming, then the migrator refuses and names it", async () => {
    const dir = await folder({ '001-users.sql': 'CREATE TABLE users (id int);' });
    await withScratchDatabase(async (db) => {
      await assert.rejects(
        migrateLatest(db, { dir }),
        /001-users\.sql does not follow Flyway's naming/,
      );
    });
  });

  it('when the SQL contains question marks, then they reach PostgreSQL unchanged', async () => {
    const dir = await folder({
      'V1__notes.sql': `CREATE TABLE notes (body text, tags jsonb);
        INSERT INTO notes VALUES ('why?', '{"a": 1}');
        CREATE VIEW tagged_a AS SELECT body FROM notes WHERE tags ? 'a';`,
    });
    await withScratchDatabase(async (db) => {
      await migrateLatest(db, { dir });

      assert.deepEqual(await db('tagged_a').select('body'), [{ body: 'why?' }]);
    });
  });

  it('when a migration fails, then none of its batch is applied', async () => {
    const dir = await folder({
      'V1__create_things.sql': 'CREATE TABLE things (id int);',
      'V2__broken.sql': 'CREATE TABLE nope (;',
    });
    await withScratchDatabase(async (db) => {
      await assert.rejects(migrateLatest(db, { dir }));

      assert.equal(await db.schema.hasTable('things'), false);
    });
  });
});
