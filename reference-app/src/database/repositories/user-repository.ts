import { UniqueViolationError } from 'objection';
import { AppError } from '../../common/errors.ts';
import type { NewUser, User } from '../../entities/user.ts';
import type { DbHandle } from '../../libs/database/index.ts';
import { UserModel } from '../models/user-model.ts';

// #region to-user
function toUser(row: UserModel): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    welcomeEmailSentAt: row.welcomeEmailSentAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
// #endregion to-user

// #region user-repository
/** Queries on users. Every method takes the caller's connection or transaction first. */
export class UserRepository {
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

  async findById(db: DbHandle, id: string): Promise<User | undefined> {
    const row = await UserModel.query(db).findById(id).whereNull('deletedAt');
    return row && toUser(row);
  }

  /** Locks the row until the transaction ends, so two deliveries of one job cannot both act. */
  async findByIdForUpdate(db: DbHandle, id: string): Promise<User | undefined> {
    const row = await UserModel.query(db).findById(id).whereNull('deletedAt').forUpdate();
    return row && toUser(row);
  }

  async markWelcomeEmailSent(db: DbHandle, id: string, sentAt: Date): Promise<void> {
    await UserModel.query(db).findById(id).patch({ welcomeEmailSentAt: sentAt, updatedAt: sentAt });
  }
}
// #endregion user-repository
