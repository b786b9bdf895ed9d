import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeadLetterRepository } from '../../src/database/repositories/dead-letter-repository.ts';
import type { DeadLetterReason } from '../../src/entities/dead-letter.ts';
import { type Actor, signUp } from '../support/actors.ts';
import type { TestApi } from '../support/api.ts';
import { isolatedApi } from '../support/stack.ts';

describe('API /api/admin/jobs/failed/retry: dead letters of one task, retried at once', () => {
  let api: TestApi;
  let admin: Actor;
  before(async () => {
    ({ api } = await isolatedApi());
    admin = await signUp(api, 'admin');
    const deadLetters = new DeadLetterRepository();
    const add = (task: 'send-welcome-email' | 'export-users', reason: DeadLetterReason) =>
      deadLetters.add(api.container.cradle.database.handle, {
        queue: task === 'export-users' ? 'exports' : 'email',
        task,
        jobId: randomUUID(),
        payload: task === 'export-users' ? { exportId: randomUUID() } : { userId: randomUUID() },
        requestId: null,
        reason,
        error: 'mail server down',
        attempts: 26,
      });
    for (let i = 0; i < 3; i++) await add('send-welcome-email', 'retries-exhausted');
    await add('send-welcome-email', 'stalled-too-often');
    await add('export-users', 'retries-exhausted');
  });
  after(() => api.close());

  const retry = (body: object) => api.post('/api/admin/jobs/failed/retry', body, admin.auth);

  // #region bulk-retry-test
  it('when an admin retries a task and reason, then those dead letters go back to the outbox up to the limit, and the audit log says who', async () => {
    const first = await retry({
      task: 'send-welcome-email',
      reason: 'retries-exhausted',
      limit: 2,
    });
    const second = await retry({ task: 'send-welcome-email', reason: 'retries-exhausted' });
    const rest = await retry({ task: 'send-welcome-email' });

    assert.deepEqual(
      [first, second, rest].map(({ status, body }) => [status, body]),
      [
        [202, { retried: 2, remaining: 1 }],
        [202, { retried: 1, remaining: 0 }],
        [202, { retried: 1, remaining: 0 }],
      ],
    );
    const db = api.container.cradle.database.handle;
    const requeued = await db('deadLetters')
      .join('outbox', 'outbox.id', 'deadLetters.retryOutboxId')
      .where('deadLetters.task', 'send-welcome-email')
      .select('outbox.payload as queued', 'deadLetters.payload as dead');
    assert.equal(requeued.length, 4);
    assert.ok(requeued.every((row) => row.queued.userId === row.dead.userId));
    const audit = await db('auditLog').where({ action: 'dead-letters.retried' }).orderBy('id');
    assert.deepEqual(
      audit.map((entry) => [entry.actorId, entry.details.retried]),
      [
        [admin.user.id, 2],
        [admin.user.id, 1],
        [admin.user.id, 1],
      ],
    );
  });
  // #endregion bulk-retry-test

  it('when the other task is retried, then only its dead letter goes; an unknown task is refused', async () => {
    const exports = await retry({ task: 'export-users' });
    const unknown = await retry({ task: 'send-flowers' });

    assert.deepEqual([exports.status, exports.body], [202, { retried: 1, remaining: 0 }]);
    assert.deepEqual([unknown.status, unknown.body.error.details.fields[0].field], [400, 'task']);
  });
});
