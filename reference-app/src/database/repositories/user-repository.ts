import { UniqueViolationError } from 'objection';
import { AppError } from '../../common/errors.ts';
import type { UserExportRow } from '../../entities/export.ts';
import type {
  NewUser,
  PublicProfile,
  User,
  UserCredentials,
  UserStatus,
  UserWithRoles,
} from '../../entities/user.ts';
import { type DbHandle, type PreparedStatement, runPrepared } from '../../libs/database/index.ts';
import { UserModel } from '../models/user-model.ts';
import { roleNamesOfUser, rolesColumn } from './role-repository.ts';

// #region to-user
function toUser(row: UserModel): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    welcomeEmailSentAt: row.welcomeEmailSentAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
// #endregion to-user

// #region with-roles
/** The account page's read, on every request: one prepared statement, no model. */
const findUserWithRoles: PreparedStatement = {
  name: 'users.find-with-roles',
  text: `SELECT id, email, name, status, welcome_email_sent_at AS "welcomeEmailSentAt",
      created_at AS "createdAt", updated_at AS "updatedAt", ${roleNamesOfUser} AS roles
    FROM users WHERE id = $1 AND deleted_at IS NULL`,
};

/** Live users with their role names, in one query. */
const liveWithRoles = (db: DbHandle) =>
  db('users')
    .whereNull('users.deletedAt')
    .select<UserWithRoles[]>([
      ...['id', 'email', 'name', 'status', 'welcomeEmailSentAt', 'createdAt', 'updatedAt'].map(
        (column) => `users.${column}`,
      ),
      rolesColumn(db),
    ]);
// #endregion with-roles

export interface UserListQuery {
  limit: number;
  after?: { createdAt: Date; id: string } | undefined;
  search?: string | undefined;
  status?: UserStatus | undefined;
}

const live = (db: DbHandle) => UserModel.query(db).whereNull('users.deletedAt');

/** Users per query of the export. */
export const EXPORT_PAGE_SIZE = 1_000;

// #region user-repository
/** Queries on users. Every method takes the caller's connection or transaction first. */
export class UserRepository {
  // #region insert-user
  async insert(db: DbHandle, user: NewUser): Promise<User> {
    try {
      const row = await UserModel.query(db).insert(user).returning('*');
      return toUser(row);
    } catch (error) {
      if (error instanceof UniqueViolationError && error.constraint === 'users_email_key') {
        throw new AppError('EMAIL_TAKEN', { details: { field: 'email' }, cause: error });
      }
      throw error;
    }
  }
  // #endregion insert-user

  async findById(db: DbHandle, id: string): Promise<User | undefined> {
    const row = await live(db).findById(id);
    return row && toUser(row);
  }

  async findWithRoles(db: DbHandle, id: string): Promise<UserWithRoles | undefined> {
    const [row] = await runPrepared<UserWithRoles>(db, findUserWithRoles, [id]);
    return row;
  }

  // #region find-by-id-for-update
  /** Locks the row until the transaction ends, so two deliveries of one job cannot both act. */
  async findByIdForUpdate(db: DbHandle, id: string): Promise<User | undefined> {
    const row = await live(db).findById(id).forUpdate();
    return row && toUser(row);
  }
  // #endregion find-by-id-for-update

  /** Locks the row, then reads it with its roles: grants lock the same row, so the roles stay as read. */
  async findWithRolesForUpdate(db: DbHandle, id: string): Promise<UserWithRoles | undefined> {
    if (!(await this.findByIdForUpdate(db, id))) return undefined;
    return this.findWithRoles(db, id);
  }

  async findCredentialsByEmail(db: DbHandle, email: string): Promise<UserCredentials | undefined> {
    const row = await live(db).findOne({ email }).select('id', 'status', 'passwordHash');
    return row && { id: row.id, status: row.status, passwordHash: row.passwordHash };
  }

  async findCredentialsById(db: DbHandle, id: string): Promise<UserCredentials | undefined> {
    const row = await live(db).findById(id).select('id', 'status', 'passwordHash');
    return row && { id: row.id, status: row.status, passwordHash: row.passwordHash };
  }

  async findPublicProfile(db: DbHandle, id: string): Promise<PublicProfile | undefined> {
    const row = await live(db)
      .findById(id)
      .where('status', 'active')
      .select('id', 'name', 'createdAt');
    return row && { id: row.id, name: row.name, memberSince: row.createdAt };
  }

  // #region list-users
  /** Newest first; `after` continues from the last user of the previous page (keyset pagination). */
  async list(db: DbHandle, query: UserListQuery): Promise<UserWithRoles[]> {
    const builder = liveWithRoles(db)
      .orderBy([
        { column: 'users.createdAt', order: 'desc' },
        { column: 'users.id', order: 'desc' },
      ])
      .limit(query.limit);
    if (query.after) {
      const { createdAt, id } = query.after;
      builder.whereRaw('(users.created_at, users.id) < (?, ?)', [createdAt, id]);
    }
    if (query.status) builder.where('users.status', query.status);
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      builder.where((where) =>
        where.whereILike('users.email', pattern).orWhereILike('users.name', pattern),
      );
    }
    return builder;
  }
  // #endregion list-users

  // #region users-for-export
  /**
   * Every live user, oldest first, a page at a time (keyset pagination): the export never holds
   * the whole table in memory, and each page is a short query within the statement timeout.
   */
  async *streamForExport(db: DbHandle, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<UserExportRow> {
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = live(db)
        .select('id', 'email', 'name', 'status', 'createdAt')
        .orderBy([{ column: 'createdAt' }, { column: 'id' }])
        .limit(pageSize);
      if (after)
        page.whereRaw('(users.created_at, users.id) > (?, ?)', [after.createdAt, after.id]);
      const rows = await page;
      for (const { id, email, name, status, createdAt } of rows) {
        yield { id, email, name, status, createdAt };
      }
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }
  // #endregion users-for-export

  async updateName(db: DbHandle, id: string, name: string): Promise<void> {
    await live(db).findById(id).patch({ name, updatedAt: new Date() });
  }

  async updatePasswordHash(db: DbHandle, id: string, passwordHash: string): Promise<void> {
    await live(db).findById(id).patch({ passwordHash, updatedAt: new Date() });
  }

  async setStatus(db: DbHandle, id: string, status: UserStatus): Promise<void> {
    const now = new Date();
    await live(db)
      .findById(id)
      .patch({ status, suspendedAt: status === 'suspended' ? now : null, updatedAt: now });
  }

  async markWelcomeEmailSent(db: DbHandle, id: string, sentAt: Date): Promise<void> {
    await live(db).findById(id).patch({ welcomeEmailSentAt: sentAt, updatedAt: sentAt });
  }

  // #region soft-delete
  /** Sets `deleted_at`: from now on every other query of this repository leaves the row out. */
  async softDelete(db: DbHandle, id: string): Promise<void> {
    const now = new Date();
    await live(db).findById(id).patch({ deletedAt: now, updatedAt: now });
  }

  /** Locks a deleted account that still names its owner; undefined once it is anonymised. */
  async findDeletedForUpdate(db: DbHandle, id: string): Promise<{ id: string } | undefined> {
    const row = await UserModel.query(db)
      .findById(id)
      .whereNotNull('deletedAt')
      .whereNull('anonymisedAt')
      .select('id')
      .forUpdate();
    return row && { id: row.id };
  }

  /** Replaces what named the person; an empty hash matches no password. */
  async anonymise(db: DbHandle, id: string, at: Date): Promise<void> {
    await UserModel.query(db)
      .findById(id)
      .whereNotNull('deletedAt')
      .patch({
        email: `deleted-${id}@deleted.invalid`,
        name: 'Deleted user',
        passwordHash: '',
        anonymisedAt: at,
        updatedAt: at,
      });
  }
  // #endregion soft-delete
}
// #endregion user-repository
