import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { AppError } from '../../src/common/errors.ts';
import { buildContainer } from '../../src/container.ts';
import type { NewUser, User } from '../../src/entities/user.ts';
import { testConfig } from '../support/environment.ts';

/** Repositories and libs replaced by in-memory fakes through the container: no I/O in these tests. */
function serviceWithFakes(options: { enqueueFails?: boolean } = {}) {
  const users = new Map<string, User & { passwordHash: string }>();
  const enqueued: unknown[] = [];
  const transactions: string[] = [];
  const granted: unknown[] = [];
  const fakeTrx = { name: 'fake-transaction' };
  const container = buildContainer(testConfig(), {
    database: asValue({
      handle: { name: 'fake-handle' },
      async transaction(work: (trx: unknown) => Promise<unknown>) {
        transactions.push('begin');
        const result = await work(fakeTrx);
        transactions.push('commit');
        return result;
      },
    } as never),
    roleRepository: asValue({
      async grant(db: unknown, grant: { userId: string; roleName: string }) {
        assert.equal(db, fakeTrx, 'the role must be granted in the same transaction');
        granted.push(grant);
        return true;
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
    queue: asValue({
      async enqueue(task: string, payload: unknown) {
        if (options.enqueueFails) throw new Error('Redis is away');
        enqueued.push({ task, payload, afterCommit: transactions.at(-1) === 'commit' });
        return '1';
      },
    } as never),
  });
  return { service: container.resolve('userService'), users, enqueued, granted };
}

describe('UserService', () => {
  it('when a user registers, then the email is normalised and only the password hash is stored', async () => {
    const { service, users } = serviceWithFakes();

    const user = await service.register({
      email: '  Ada@Example.TEST ',
      name: 'Ada',
      password: 'correct horse battery',
    });

    assert.equal(user.email, 'ada@example.test');
    assert.equal(users.get(user.id)?.passwordHash, 'hashed:correct horse battery');
  });

  it('when a user registers, then the welcome email is enqueued after the transaction commits', async () => {
    const { service, enqueued } = serviceWithFakes();

    const user = await service.register({
      email: 'ada@example.test',
      name: 'Ada',
      password: 'correct horse battery',
    });

    assert.deepEqual(enqueued, [
      { task: 'send-welcome-email', payload: { userId: user.id }, afterCommit: true },
    ]);
  });

  it('when the queue is unavailable, then registration still succeeds', async () => {
    const { service, users } = serviceWithFakes({ enqueueFails: true });

    const user = await service.register({
      email: 'ada@example.test',
      name: 'Ada',
      password: 'correct horse battery',
    });

    assert.ok(users.has(user.id));
  });

  it('when a user registers, then the role "user" is granted in the same transaction', async () => {
    const { service, granted } = serviceWithFakes();

    const user = await service.register({
      email: 'ada@example.test',
      name: 'Ada',
      password: 'correct horse battery',
    });

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
