import { Model } from 'objection';
import { RoleModel } from './role-model.ts';

// #region user-model
/** The `users` table (migrations V1 and V4). A model describes one table and its relations only. */
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
  declare roles?: RoleModel[];

  static override relationMappings = () => ({
    roles: {
      relation: Model.ManyToManyRelation,
      modelClass: RoleModel,
      join: {
        from: 'users.id',
        through: { from: 'user_roles.user_id', to: 'user_roles.role_name' },
        to: 'roles.name',
      },
    },
  });
}
// #endregion user-model
