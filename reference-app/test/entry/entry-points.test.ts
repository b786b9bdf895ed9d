import assert from 'node:assert/strict';
import { freePort } from '../../dev/net.ts';
import { uniqueEmail } from '../support/data.ts';
import { withScratchDatabase } from '../support/database.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { recordTranscript } from '../support/recorder.ts';
import { eventually } from '../support/wait.ts';

describe('entry points (real processes)', () => {
  it('when main-api starts with SUPERADMIN_* set, then that super admin can sign in; SIGTERM exits 0', async () => {
    const port = await freePort();
    const superadmin = { email: uniqueEmail(), password: 'boot superadmin passphrase' };
    const api = startProcess('src/main-api.ts', {
      PORT: String(port),
      SUPERADMIN_EMAIL: superadmin.email,
      SUPERADMIN_PASSWORD: superadmin.password,
    });
    await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => undefined);
      return response?.ok ? true : undefined;
    });
    const login = await fetch(`http://127.0.0.1:${port}/api/client/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(superadmin),
    });
    assert.equal(login.status, 200);

    api.child.kill('SIGTERM');

    assert.equal(await exitOf(api.child), 0, api.output());
    assert.match(api.output(), /stopped cleanly/);
  });

  it('when SIGINT arrives twice at once (Ctrl-C under a watcher), then main-api still stops cleanly', async () => {
    const port = await freePort();
    const api = startProcess('src/main-api.ts', { PORT: String(port) });
    await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => undefined);
      return response?.ok ? true : undefined;
    });

    api.child.kill('SIGINT');
    api.child.kill('SIGINT');

    assert.equal(await exitOf(api.child), 0, api.output());
    assert.match(api.output(), /stopped cleanly/);
    assert.doesNotMatch(api.output(), /second signal/);
  });

  it('when a required variable is missing, then main-api refuses to boot and names it', async () => {
    const api = startProcess('src/main-api.ts', { DATABASE_URL: undefined });

    assert.equal(await exitOf(api.child), 1);
    assert.match(api.output(), /DATABASE_URL is required/);
  });

  it('when no required variable is set, then main-api and main-migrate name each one they need', async () => {
    const unset = { DATABASE_URL: undefined, REDIS_URL: undefined, JWT_SECRET: undefined };
    const api = startProcess('src/main-api.ts', unset);
    const migrate = startProcess('src/main-migrate.ts', unset);

    assert.deepEqual([await exitOf(api.child), await exitOf(migrate.child)], [1, 1]);
    recordTranscript('api-without-configuration', api.output());
    recordTranscript('migrate-without-configuration', migrate.output());
  });

  it('when variables have wrong values, then main-worker refuses to boot and says what is wrong with each', async () => {
    const worker = startProcess('src/main-worker.ts', { PORT: 'eighty', JWT_SECRET: 'short' });

    assert.equal(await exitOf(worker.child), 1);
    recordTranscript('worker-with-wrong-configuration', worker.output());
  });

  it('when main-migrate runs on an empty database, then it names each migration it applies, then finds nothing to do', async () => {
    await withScratchDatabase(async (_db, url) => {
      const env = { DATABASE_URL: url };
      const first = startProcess('src/main-migrate.ts', env);
      assert.equal(await exitOf(first.child), 0, first.output());
      const second = startProcess('src/main-migrate.ts', env);
      assert.equal(await exitOf(second.child), 0, second.output());

      assert.match(first.output(), /^Applying V1__create_users\.sql$/m);
      assert.match(first.output(), /^Applied \d+ migration\(s\)\.$/m);
      assert.equal(second.output().trim(), 'Database is up to date.');
      recordTranscript('migrate-empty-database', first.output());
    });
  });

  it('when main-migrate runs on a migrated database, then it says it is up to date and exits 0', async () => {
    const migrate = startProcess('src/main-migrate.ts');

    assert.equal(await exitOf(migrate.child), 0, migrate.output());
    assert.match(migrate.output(), /Database is up to date/);
  });
});
