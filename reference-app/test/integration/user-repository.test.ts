import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src/common/errors.ts';
import { UserRepository } from '../../src/database/repositories/user-repository.ts';
import { aRegistration } from '../support/data.ts';
import { openTestDatabase } from '../support/database.ts';

describe('UserRepository (real PostgreSQL)', () => {
  const database = openTestDatabase();
  const repository = new UserRepository();
  const newUser = () => {
    const { email, name } = aRegistration();
    return { email, name, passwordHash: 'argon2-hash' };
  };

  after(() => database.close());

  // #region plain-object-test
  it('when a user is inserted, then a plain object comes back without the password hash', async () => {
    const input = newUser();

    const user = await database.transaction((trx) => repository.insert(trx, input));

    assert.match(user.id, /^[0-9a-f-]{36}$/);
    assert.equal(user.email, input.email);
    assert.ok(user.createdAt instanceof Date);
    assert.equal(Object.getPrototypeOf(user), Object.prototype);
    assert.equal('passwordHash' in user, false);
  });
  // #endregion plain-object-test

  // #region email-taken-test
  it('when the email is already taken, then EMAIL_TAKEN is thrown', async () => {
    const input = newUser();
    await database.transaction((trx) => repository.insert(trx, input));

    await assert.rejects(
      database.transaction((trx) => repository.insert(trx, { ...input, name: 'Someone else' })),
      (error: Error) => error instanceof AppError && error.code === 'EMAIL_TAKEN',
    );
  });
  // #endregion email-taken-test

  // #region rollback-test
  it('when the service rolls its transaction back, then nothing the repository wrote remains', async () => {
    let insertedId = '';

    await assert.rejects(
      database.transaction(async (trx) => {
        insertedId = (await repository.insert(trx, newUser())).id;
        throw new Error('a later step failed');
      }),
      /a later step failed/,
    );

    assert.equal(await repository.findById(database.handle, insertedId), undefined);
  });
  // #endregion rollback-test

  // #region soft-delete-test
  it('when a user is soft-deleted, then every read leaves them out and the email is free again', async () => {
    const input = newUser();
    const { id } = await database.transaction((trx) => repository.insert(trx, input));

    await database.transaction((trx) => repository.softDelete(trx, id));

    const db = database.handle;
    assert.equal(await repository.findById(db, id), undefined);
    assert.equal(await repository.findWithRoles(db, id), undefined);
    assert.equal(await repository.findCredentialsByEmail(db, input.email), undefined);
    assert.equal(await repository.findPublicProfile(db, id), undefined);
    const users = await repository.list(db, { limit: 10, search: input.email });
    assert.deepEqual(users, []);
    assert.deepEqual(await repository.findDeletedForUpdate(db, id), { id });
    await database.transaction((trx) => repository.insert(trx, input));
  });
  // #endregion soft-delete-test

  it('when no user has the id, then findById returns undefined', async () => {
    assert.equal(await repository.findById(database.handle, randomUUID()), undefined);
  });

  it('when the welcome is marked sent, then the user carries the time', async () => {
    const user = await database.transaction((trx) => repository.insert(trx, newUser()));
    const sentAt = new Date('2026-01-02T03:04:05Z');

    await database.transaction((trx) => repository.markWelcomeEmailSent(trx, user.id, sentAt));

    assert.deepEqual(
      (await repository.findById(database.handle, user.id))?.welcomeEmailSentAt,
      sentAt,
    );
  });

  it('when users are read for an export a page at a time, then each live user comes once, oldest first', async () => {
    for (let i = 0; i < 5; i++) {
      await database.transaction((trx) => repository.insert(trx, newUser()));
    }
    const all = await database
      .handle('users')
      .whereNull('deletedAt')
      .orderBy(['createdAt', 'id'])
      .pluck('id');

    const exported: string[] = [];
    for await (const row of repository.streamForExport(database.handle, 3)) exported.push(row.id);

    assert.deepEqual(exported, all);
  });
});
