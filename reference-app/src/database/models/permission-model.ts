import { Model } from 'objection';

/** The `permissions` table (migration V2). */
export class PermissionModel extends Model {
  static override tableName = 'permissions';
  static override idColumn = 'name';

  declare name: string;
  declare description: string;
}
