import { Model } from 'objection';

// #region user-model
/** The `users` table (migrations V1, V4 and V12). A model describes one table and its relations only. */
export class UserModel extends Model {
  static override tableName = 'users';

  declare id: string;
  declare email: string;
  declare name: string;
  declare passwordHash: string;
  declare status: 'active' | 'suspended';
  declare suspendedAt: Date | null;
  declare welcomeEmailSentAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare deletedAt: Date | null;
  declare anonymisedAt: Date | null;
}
// #endregion user-model
