import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { AppError } from '../../src/common/errors.ts';
import { buildContainer } from '../../src/container.ts';
import { testConfig } from '../support/environment.ts';

const actor = {
  userId: 'actor-1',
  sessionId: 'session-1',
  roles: ['superadmin'],
  permissions: ['roles:manage'],
};
const role = (name: string, builtIn = false) => ({
  name,
  description: '',
  builtIn,
  permissions: [],
  createdAt: new Date(),
  updatedAt: new Date(),
});

function roleServiceWith(holders: string[]) {
  const revoked: string[] = [];
  const audited: unknown[] = [];
  const container = buildContainer(testConfig(), {
    database: asValue({
      transaction: (work: (trx: unknown) => Promise<unknown>) => work({}),
    } as never),
    userRepository: asValue({
      findByIdForUpdate: async (_db: unknown, id: string) => ({ id }),
    } as never),
    roleRepository: asValue({
      find: async (_db: unknown, name: string) => role(name, name === 'superadmin'),
      holdersForUpdate: async () => holders,
      revoke: async (_db: unknown, userId: string) => {
        revoked.push(userId);
        return true;
      },
    } as never),
    auditLogRepository: asValue({
      record: async (_db: unknown, entry: unknown) => void audited.push(entry),
    } as never),
  });
  return { service: container.resolve('roleService'), revoked, audited };
}

describe('RoleService', () => {
  // #region last-superadmin-test
  it('when the only super admin would lose the role, then LAST_SUPERADMIN and nothing is revoked', async () => {
    const { service, revoked } = roleServiceWith(['user-1']);

    await assert.rejects(
      service.revoke(actor, 'user-1', 'superadmin'),
      (error: Error) => error instanceof AppError && error.code === 'LAST_SUPERADMIN',
    );
    assert.deepEqual(revoked, []);
  });
  // #endregion last-superadmin-test

  it('when another super admin remains, then the role is revoked and the audit log says who did it', async () => {
    const { service, revoked, audited } = roleServiceWith(['user-1', 'user-2']);

    await service.revoke(actor, 'user-1', 'superadmin');

    assert.deepEqual(revoked, ['user-1']);
    assert.deepEqual(audited, [
      {
        actorId: 'actor-1',
        action: 'role.revoked',
        targetUserId: 'user-1',
        details: { role: 'superadmin' },
      },
    ]);
  });

  it('when a role manager who is no super admin grants or revokes superadmin, then FORBIDDEN and nothing changes', async () => {
    const { service, revoked } = roleServiceWith(['user-1', 'user-2']);
    const manager = { ...actor, roles: ['role-manager'] };

    for (const change of [service.revoke, service.grant]) {
      await assert.rejects(
        change.call(service, manager, 'user-1', 'superadmin'),
        (error: Error) => error instanceof AppError && error.code === 'FORBIDDEN',
      );
    }
    assert.deepEqual(revoked, []);
  });
});
