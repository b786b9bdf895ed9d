import assert from 'node:assert/strict';
import { freePort } from '../support/ports.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { eventually } from '../support/wait.ts';

describe('entry points (real processes)', () => {
  it('when main-api gets SIGTERM, then it stops accepting, closes its pools and exits 0', async () => {
    const port = await freePort();
    const api = startProcess('src/main-api.ts', { PORT: String(port) });
    await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => undefined);
      return response?.ok ? true : undefined;
    });

    api.child.kill('SIGTERM');

    assert.equal(await exitOf(api.child), 0, api.output());
    assert.match(api.output(), /stopped cleanly/);
  });

  it('when a required variable is missing, then main-api refuses to boot and names it', async () => {
    const api = startProcess('src/main-api.ts', { DATABASE_URL: undefined });

    assert.equal(await exitOf(api.child), 1);
    assert.match(api.output(), /DATABASE_URL is required/);
  });

  it('when main-migrate runs on a migrated database, then it says it is up to date and exits 0', async () => {
    const migrate = startProcess('src/main-migrate.ts');

    assert.equal(await exitOf(migrate.child), 0, migrate.output());
    assert.match(migrate.output(), /Database is up to date/);
  });
});
