import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Actor, signUp } from '../support/actors.ts';
import type { TestApi } from '../support/api.ts';
import { isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';
import { startWorkerInProcess } from '../support/worker.ts';

// #region account-anonymisation-worker-test
describe('worker: anonymise-deleted-user (real Redis, worker in this process)', () => {
  let api: TestApi;
  let admin: Actor;
  let worker: Awaited<ReturnType<typeof startWorkerInProcess>>;
  before(async () => {
    const isolated = await isolatedApi();
    api = isolated.api;
    worker = await startWorkerInProcess({ env: isolated.stack.env });
    admin = await signUp(api, 'admin');
  });
  after(async () => {
    await worker.stop();
    await api.close();
  });

  const db = () => api.container.cradle.database.handle;
  const anonymisedAt = async (userId: string) =>
    (await db()('users').where({ id: userId }).first('anonymisedAt'))?.anonymisedAt ?? undefined;

  it('when an admin deletes a user, then the worker replaces their email, name and password and deletes their sessions', async () => {
    const person = await signUp(api);

    await api.delete(`/api/admin/users/${person.user.id}`, admin.auth);
    await eventually(() => anonymisedAt(person.user.id));

    const row = await db()('users')
      .where({ id: person.user.id })
      .first('email', 'name', 'passwordHash');
    assert.deepEqual(row, {
      email: `deleted-${person.user.id}@deleted.invalid`,
      name: 'Deleted user',
      passwordHash: '',
    });
    assert.deepEqual(await db()('sessions').where({ userId: person.user.id }), []);
    const job = await db()('outbox')
      .where({ task: 'anonymise-deleted-user' })
      .whereRaw("payload->>'userId' = ?", [person.user.id])
      .first('doneAt');
    assert.ok(job?.doneAt instanceof Date, 'the job is acknowledged with the change');
  });

  it('when the job is delivered again or names a live account, then it changes nothing', async () => {
    const live = await signUp(api);
    const deleted = await signUp(api);
    await api.delete(`/api/admin/users/${deleted.user.id}`, admin.auth);
    const first = await eventually(() => anonymisedAt(deleted.user.id));
    const { anonymisationService } = worker.container.cradle;

    const outcomes = [
      await anonymisationService.anonymise(deleted.user.id, randomUUID()),
      await anonymisationService.anonymise(live.user.id, randomUUID()),
    ];

    assert.deepEqual(outcomes, ['nothing-left', 'nothing-left']);
    assert.deepEqual(await anonymisedAt(deleted.user.id), first);
    assert.equal((await api.get('/api/client/me', live.auth)).status, 200);
  });
});
// #endregion account-anonymisation-worker-test
