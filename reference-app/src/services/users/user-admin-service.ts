import { AppError } from '../../common/errors.ts';
import { currentContext } from '../../common/request-context.ts';
import type { AuditLogRepository } from '../../database/repositories/audit-log-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { RoleRepository } from '../../database/repositories/role-repository.ts';
import type { SessionRepository } from '../../database/repositories/session-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { Page } from '../../entities/page.ts';
import type { Principal } from '../../entities/session.ts';
import type { UserStatus, UserWithRoles } from '../../entities/user.ts';
import { decodeCursor, encodeCursor } from '../../helpers/cursor.ts';
import type { Database, Transaction } from '../../libs/database/index.ts';
import type { UserService } from './user-service.ts';

interface UserAdminServiceDeps {
  database: Database;
  userRepository: UserRepository;
  roleRepository: RoleRepository;
  sessionRepository: SessionRepository;
  auditLogRepository: AuditLogRepository;
  outboxRepository: OutboxRepository;
  /** Reads the account back, as its owner sees it: one read of a user with roles, not two. */
  userService: UserService;
}

export interface UserListRequest {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  status?: UserStatus | undefined;
}

// #region user-admin-service
/** What administrators do to other people's accounts. */
export class UserAdminService {
  readonly #deps: UserAdminServiceDeps;

  constructor(deps: UserAdminServiceDeps) {
    this.#deps = deps;
  }

  // #region list-users-page
  async list(request: UserListRequest): Promise<Page<UserWithRoles>> {
    const { database, userRepository } = this.#deps;
    const users = await userRepository.list(database.handle, {
      limit: request.limit + 1,
      after: request.cursor ? decodeCursor(request.cursor) : undefined,
      search: request.q,
      status: request.status,
    });
    const items = users.slice(0, request.limit);
    const last = items.at(-1);
    return { items, nextCursor: users.length > request.limit && last ? encodeCursor(last) : null };
  }
  // #endregion list-users-page

  // #region suspend-user
  /**
   * Suspends the account and ends its sessions in the same transaction: its tokens stop at once.
   * The target's row is locked before its roles are read, so a grant of superadmin cannot slip in
   * between the check and the suspension.
   */
  async suspend(actor: Principal, userId: string): Promise<UserWithRoles> {
    const { database, userRepository, sessionRepository, auditLogRepository } = this.#deps;
    if (actor.userId === userId) throw new AppError('CANNOT_SUSPEND_SELF');
    await database.transaction(async (trx) => {
      await this.#lockTarget(trx, actor, userId, 'suspend');
      await userRepository.setStatus(trx, userId, 'suspended');
      await sessionRepository.revokeAllOfUser(trx, userId, 'user-suspended');
      await auditLogRepository.record(trx, {
        actorId: actor.userId,
        action: 'user.suspended',
        targetUserId: userId,
      });
    });
    return this.#deps.userService.getAccount(userId);
  }
  // #endregion suspend-user

  async reactivate(actor: Principal, userId: string): Promise<UserWithRoles> {
    const { database, userRepository, auditLogRepository } = this.#deps;
    await this.#deps.userService.getAccount(userId);
    await database.transaction(async (trx) => {
      await userRepository.setStatus(trx, userId, 'active');
      await auditLogRepository.record(trx, {
        actorId: actor.userId,
        action: 'user.reactivated',
        targetUserId: userId,
      });
    });
    return this.#deps.userService.getAccount(userId);
  }

  // #region delete-user
  /**
   * Soft-deletes the account in one transaction with everything that follows from it: its
   * sessions end, its roles go, the audit log records who did it, and an outbox row asks the
   * worker to anonymise it. Either all of it happens or none, whether Redis is up or not.
   */
  async delete(actor: Principal, userId: string): Promise<void> {
    const { database, userRepository, roleRepository, sessionRepository } = this.#deps;
    if (actor.userId === userId) throw new AppError('CANNOT_DELETE_SELF');
    await database.transaction(async (trx) => {
      const target = await this.#lockTarget(trx, actor, userId, 'delete');
      if (target.roles.includes('superadmin')) await this.#keepAnotherSuperadmin(trx, userId);
      await userRepository.softDelete(trx, userId);
      await roleRepository.revokeAll(trx, userId);
      await sessionRepository.revokeAllOfUser(trx, userId, 'user-deleted');
      await this.#deps.auditLogRepository.record(trx, {
        actorId: actor.userId,
        action: 'user.deleted',
        targetUserId: userId,
      });
      await this.#deps.outboxRepository.add(trx, {
        task: 'anonymise-deleted-user',
        payload: { userId },
        requestId: currentContext()?.requestId,
      });
    });
  }
  // #endregion delete-user

  /** Locks the target's row, then reads its roles: only a super admin acts on a super admin. */
  async #lockTarget(
    trx: Transaction,
    actor: Principal,
    userId: string,
    action: 'suspend' | 'delete',
  ): Promise<UserWithRoles> {
    const target = await this.#deps.userRepository.findWithRolesForUpdate(trx, userId);
    if (!target) throw new AppError('USER_NOT_FOUND', { details: { id: userId } });
    if (target.roles.includes('superadmin') && !actor.roles.includes('superadmin')) {
      throw new AppError('FORBIDDEN', {
        message: `Only a super admin can ${action} a super admin.`,
      });
    }
    return target;
  }

  /** Locks the super admins' grants, as a revocation does: the system keeps at least one. */
  async #keepAnotherSuperadmin(trx: Transaction, userId: string): Promise<void> {
    const holders = await this.#deps.roleRepository.holdersForUpdate(trx, 'superadmin');
    if (holders.every((holder) => holder === userId)) throw new AppError('LAST_SUPERADMIN');
  }
}
// #endregion user-admin-service
