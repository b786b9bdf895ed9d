import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import type { TestApi } from '../support/api.ts';
import { type IsolatedStack, isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

describe('worker: export-users to S3 (real PostgreSQL, Redis and S3 server)', () => {
  let stack: IsolatedStack;
  let api: TestApi;
  let admin: Actor;
  let worker: Awaited<ReturnType<typeof startWorkerInProcess>>;
  before(async () => {
    ({ stack, api } = await isolatedApi());
    worker = await startWorkerInProcess({ env: stack.env });
    admin = await signUp(api, 'admin');
  });
  after(async () => {
    await worker.stop();
    await api.close();
  });

  // #region export-download-test
  it('when an admin asks for an export, then 202, and the CSV downloads through a time-limited link', async () => {
    const tricky = await api.post('/api/client/auth/register', {
      email: `csv-${randomUUID()}@example.test`,
      name: '=HYPERLINK("http://evil")',
      password: 'correct horse battery',
    });

    const accepted = await api.post('/api/admin/exports/users', undefined, admin.auth);

    assert.equal(accepted.status, 202);
    const done = await eventually(async () => {
      const response = await api.get(`/api/admin/exports/${accepted.body.exportId}`, admin.auth);
      return response.body.status === 'done' ? response.body : undefined;
    });
    assert.ok(Date.parse(done.download.expiresAt) > Date.now());
    const csv = await (await fetch(done.download.url)).text();
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'id,email,name,status,created_at');
    assert.equal(lines.length - 1, done.rowCount);
    assert.ok(lines.some((line) => line.startsWith(`${tricky.body.id},${tricky.body.email},`)));
    assert.match(csv, /"'=HYPERLINK\(""http:\/\/evil""\)"/);
    assert.doesNotMatch(csv, /argon2/);
  });
  // #endregion export-download-test

  it('when the export is unknown, then 404 EXPORT_NOT_FOUND', async () => {
    const response = await api.get(`/api/admin/exports/${randomUUID()}`, admin.auth);

    assert.deepEqual([response.status, response.body.error.code], [404, 'EXPORT_NOT_FOUND']);
  });
});
