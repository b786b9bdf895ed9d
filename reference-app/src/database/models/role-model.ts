import { Model } from 'objection';
import { PermissionModel } from './permission-model.ts';

/** The `roles` table (migration V2); its permissions through `role_permissions`. */
export class RoleModel extends Model {
  static override tableName = 'roles';
  static override idColumn = 'name';

  declare name: string;
  declare description: string;
  declare builtIn: boolean;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare permissions?: PermissionModel[];

  static override relationMappings = () => ({
    permissions: {
      relation: Model.ManyToManyRelation,
      modelClass: PermissionModel,
      join: {
        from: 'roles.name',
        through: { from: 'role_permissions.role_name', to: 'role_permissions.permission_name' },
        to: 'permissions.name',
      },
    },
  });
}
