import { AppError, validationFailed } from '../../common/errors.ts';
import type { AuditLogRepository } from '../../database/repositories/audit-log-repository.ts';
import type { RoleRepository } from '../../database/repositories/role-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { Role } from '../../entities/role.ts';
import type { Principal } from '../../entities/session.ts';
import type { Database, Transaction } from '../../libs/database/index.ts';

interface RoleServiceDeps {
  database: Database;
  roleRepository: RoleRepository;
  userRepository: UserRepository;
  auditLogRepository: AuditLogRepository;
}

export interface RoleChanges {
  description?: string | undefined;
  permissions?: string[] | undefined;
}

// #region role-service
export class RoleService {
  readonly #deps: RoleServiceDeps;

  constructor(deps: RoleServiceDeps) {
    this.#deps = deps;
  }

  list(): Promise<Role[]> {
    return this.#deps.roleRepository.list(this.#deps.database.handle);
  }

  async create(
    actor: Principal,
    input: { name: string; description: string; permissions: string[] },
  ): Promise<Role> {
    const { database, roleRepository } = this.#deps;
    await database.transaction(async (trx) => {
      await this.#checkPermissions(trx, input.permissions);
      this.#checkHandOut(actor, input.permissions);
      await roleRepository.insert(trx, { name: input.name, description: input.description });
      await roleRepository.replacePermissions(trx, input.name, input.permissions);
    });
    return this.#get(input.name);
  }

  async update(actor: Principal, name: string, changes: RoleChanges): Promise<Role> {
    const { database, roleRepository } = this.#deps;
    this.#checkSuperadminRule(actor, name);
    await database.transaction(async (trx) => {
      await this.#existing(trx, name);
      if (changes.description !== undefined)
        await roleRepository.update(trx, name, changes.description);
      if (changes.permissions) {
        await this.#checkPermissions(trx, changes.permissions);
        this.#checkHandOut(actor, changes.permissions);
        await roleRepository.replacePermissions(trx, name, changes.permissions);
      }
    });
    return this.#get(name);
  }

  async delete(name: string): Promise<void> {
    const { database, roleRepository } = this.#deps;
    await database.transaction(async (trx) => {
      const role = await this.#existing(trx, name);
      if (role.builtIn) throw new AppError('ROLE_BUILT_IN', { details: { name } });
      if ((await roleRepository.holdersForUpdate(trx, name)).length) {
        throw new AppError('ROLE_IN_USE', { details: { name } });
      }
      await roleRepository.delete(trx, name);
    });
  }

  /** Grants a role; every grant is written to the audit log with who and when. Granting twice is a no-op. */
  async grant(actor: Principal, userId: string, roleName: string): Promise<void> {
    const { database, roleRepository, auditLogRepository } = this.#deps;
    this.#checkSuperadminRule(actor, roleName);
    await database.transaction(async (trx) => {
      await this.#lockUser(trx, userId);
      this.#checkHandOut(actor, (await this.#existing(trx, roleName)).permissions);
      const granted = await roleRepository.grant(trx, {
        userId,
        roleName,
        grantedBy: actor.userId,
      });
      if (granted) {
        await auditLogRepository.record(trx, {
          actorId: actor.userId,
          action: 'role.granted',
          targetUserId: userId,
          details: { role: roleName },
        });
      }
    });
  }

  // #region revoke-role
  /** Revokes a role; the system always keeps at least one super admin. */
  async revoke(actor: Principal, userId: string, roleName: string): Promise<void> {
    const { database, roleRepository, auditLogRepository } = this.#deps;
    this.#checkSuperadminRule(actor, roleName);
    await database.transaction(async (trx) => {
      await this.#lockUser(trx, userId);
      await this.#existing(trx, roleName);
      const holders = await roleRepository.holdersForUpdate(trx, roleName);
      if (roleName === 'superadmin' && holders.length === 1 && holders[0] === userId) {
        throw new AppError('LAST_SUPERADMIN');
      }
      if (await roleRepository.revoke(trx, userId, roleName)) {
        await auditLogRepository.record(trx, {
          actorId: actor.userId,
          action: 'role.revoked',
          targetUserId: userId,
          details: { role: roleName },
        });
      }
    });
  }
  // #endregion revoke-role
  // #endregion role-service

  async #get(name: string): Promise<Role> {
    return this.#existing(this.#deps.database.handle, name);
  }

  async #existing(db: Transaction | Database['handle'], name: string): Promise<Role> {
    const role = await this.#deps.roleRepository.find(db, name);
    if (!role) throw new AppError('ROLE_NOT_FOUND', { details: { name } });
    return role;
  }

  /** Locks the user's row for the transaction: a suspension checks their roles under the same lock. */
  async #lockUser(trx: Transaction, userId: string): Promise<void> {
    if (!(await this.#deps.userRepository.findByIdForUpdate(trx, userId))) {
      throw new AppError('USER_NOT_FOUND', { details: { id: userId } });
    }
  }

  /**
   * A role manager hands out only what they hold: a role they create, change or grant may carry
   * no permission their own roles do not grant, so roles:manage is no way to more power.
   */
  #checkHandOut(actor: Principal, permissions: readonly string[]): void {
    const lacking = permissions.filter((permission) => !actor.permissions.includes(permission));
    if (lacking.length) {
      throw new AppError('FORBIDDEN', {
        message: `You can hand out only permissions you hold; you lack ${lacking.join(', ')}.`,
        details: { permissions: lacking },
      });
    }
  }

  /** roles:manage lets a caller manage roles; only a super admin makes, unmakes or changes super admins. */
  #checkSuperadminRule(actor: Principal, roleName: string): void {
    if (roleName === 'superadmin' && !actor.roles.includes('superadmin')) {
      throw new AppError('FORBIDDEN', {
        message: 'Only a super admin can grant, revoke or change the superadmin role.',
      });
    }
  }

  async #checkPermissions(trx: Transaction, permissions: string[]): Promise<void> {
    const unknown = await this.#deps.roleRepository.unknownPermissions(trx, permissions);
    if (unknown.length) {
      const message = `Unknown permissions: ${unknown.join(', ')}`;
      throw validationFailed([{ field: 'permissions', location: 'body', message }]);
    }
  }
}
