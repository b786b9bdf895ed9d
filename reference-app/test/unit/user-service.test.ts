import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { AppError } from '../../src/common/errors.ts';
import { buildContainer } from '../../src/container.ts';
import type { NewUser, User } from '../../src/entities/user.ts';
import { testConfig } from '../support/environment.ts';

// #region service-with-fakes
/** Repositories and libs replaced by in-memory fakes through the container: no I/O in these tests. */
function serviceWithFakes() {
  const users = new Map<string, User & { passwordHash: string }>();
  const outbox: unknown[] = [];
  const granted: unknown[] = [];
  const fakeTrx = { name: 'fake-transaction' };
  const container = buildContainer(testConfig(), {
    database: asValue({
      handle: { name: 'fake-handle' },
      transaction: (work: (trx: unknown) => Promise<unknown>) => work(fakeTrx),
    } as never),
    roleRepository: asValue({
      async grant(db: unknown, grant: { userId: string; roleName: string }) {
        assert.equal(db, fakeTrx, 'the role must be granted in the same transaction');
        granted.push(grant);
        return true;
      },
    } as never),
    outboxRepository: asValue({
      async add(db: unknown, message: unknown) {
        assert.equal(db, fakeTrx, 'the outbox row must be written in the same transaction');
        outbox.push(message);
        return 'outbox-1';
      },
    } as never),
    userRepository: asValue({
      async insert(db: unknown, user: NewUser) {
        assert.equal(db, fakeTrx, 'insert must run in the service transaction');
        const now = new Date();
        const created = {
          id: `id-${users.size + 1}`,
          status: 'active' as const,
          welcomeEmailSentAt: null,
          createdAt: now,
          updatedAt: now,
          ...user,
        };
        users.set(created.id, created);
        return created;
      },
      async findWithRoles(_db: unknown, id: string) {
        return users.get(id);
      },
    } as never),
    passwordHasher: asValue({
      hash: async (password: string) => `hashed:${password}`,
      verify: async () => true,
    }),
  });
  return { service: container.resolve('userService'), users, outbox, granted };
}
// #endregion service-with-fakes

const registration = {
  email: '  Ada@Example.TEST ',
  name: 'Ada',
  password: 'correct horse battery',
};

describe('UserService', () => {
  it('when a user registers, then the email is normalised and only the password hash is stored', async () => {
    const { service, users } = serviceWithFakes();

    const user = await service.register(registration);

    assert.equal(user.email, 'ada@example.test');
    assert.equal(users.get(user.id)?.passwordHash, 'hashed:correct horse battery');
  });

  // #region outbox-same-transaction-test
  it('when a user registers, then the welcome email is requested through the outbox, in the same transaction', async () => {
    const { service, outbox } = serviceWithFakes();

    const user = await service.register(registration);

    assert.deepEqual(outbox, [
      { task: 'send-welcome-email', payload: { userId: user.id }, requestId: undefined },
    ]);
  });
  // #endregion outbox-same-transaction-test

  it('when a user registers, then the role "user" is granted in the same transaction', async () => {
    const { service, granted } = serviceWithFakes();

    const user = await service.register(registration);

    assert.deepEqual(granted, [{ userId: user.id, roleName: 'user', grantedBy: null }]);
  });

  it('when the account does not exist, then getAccount throws USER_NOT_FOUND', async () => {
    const { service } = serviceWithFakes();

    await assert.rejects(
      service.getAccount('id-404'),
      (error: Error) => error instanceof AppError && error.code === 'USER_NOT_FOUND',
    );
  });
});
