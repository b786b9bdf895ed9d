import { ForeignKeyViolationError, UniqueViolationError } from 'objection';
import { AppError } from '../../common/errors.ts';
import type { Role } from '../../entities/role.ts';
import type { DbHandle } from '../../libs/database/index.ts';
import { PermissionModel } from '../models/permission-model.ts';
import { RoleModel } from '../models/role-model.ts';

function toRole(row: RoleModel): Role {
  return {
    name: row.name,
    description: row.description,
    builtIn: row.builtIn,
    permissions: (row.permissions ?? []).map((permission) => permission.name).sort(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// #region roles-column
/** The role names of the row of `users` in the query, sorted: a read that needs them stays one query. */
export const roleNamesOfUser =
  'array(SELECT role_name FROM user_roles WHERE user_id = users.id ORDER BY role_name)';

/** The permissions the roles of the row of `users` grant, sorted and each once. */
export const permissionsOfUser = `array(SELECT DISTINCT permission_name FROM role_permissions
    JOIN user_roles USING (role_name) WHERE user_roles.user_id = users.id ORDER BY 1)`;

export const rolesColumn = (db: DbHandle) => db.raw(`${roleNamesOfUser} AS roles`);
// #endregion roles-column

/** Roles, their permissions, and who holds them. */
export class RoleRepository {
  async list(db: DbHandle): Promise<Role[]> {
    const rows = await RoleModel.query(db).withGraphFetched('permissions').orderBy('name');
    return rows.map(toRole);
  }

  async find(db: DbHandle, name: string): Promise<Role | undefined> {
    const row = await RoleModel.query(db).findById(name).withGraphFetched('permissions');
    return row && toRole(row);
  }

  /** The names among `names` that are not known permissions. */
  async unknownPermissions(db: DbHandle, names: string[]): Promise<string[]> {
    const known = await PermissionModel.query(db).whereIn('name', names).select('name');
    const knownNames = new Set(known.map((permission) => permission.name));
    return names.filter((name) => !knownNames.has(name));
  }

  async insert(db: DbHandle, role: { name: string; description: string }): Promise<void> {
    try {
      await RoleModel.query(db).insert({ ...role, builtIn: false });
    } catch (error) {
      if (error instanceof UniqueViolationError) {
        throw new AppError('ROLE_EXISTS', { details: { name: role.name }, cause: error });
      }
      throw error;
    }
  }

  async update(db: DbHandle, name: string, description: string): Promise<void> {
    await RoleModel.query(db).findById(name).patch({ description, updatedAt: new Date() });
  }

  async replacePermissions(db: DbHandle, name: string, permissions: string[]): Promise<void> {
    await db('rolePermissions').where({ roleName: name }).delete();
    if (permissions.length) {
      await db('rolePermissions').insert(
        permissions.map((permissionName) => ({ roleName: name, permissionName })),
      );
    }
  }

  async delete(db: DbHandle, name: string): Promise<void> {
    try {
      await RoleModel.query(db).deleteById(name);
    } catch (error) {
      if (error instanceof ForeignKeyViolationError) {
        throw new AppError('ROLE_IN_USE', { details: { name }, cause: error });
      }
      throw error;
    }
  }

  async rolesOf(db: DbHandle, userId: string): Promise<string[]> {
    const rows: { roleName: string }[] = await db('userRoles')
      .where({ userId })
      .select('roleName')
      .orderBy('roleName');
    return rows.map((row) => row.roleName);
  }

  // #region grant-role
  /** True when the grant is new; granting twice changes nothing. */
  async grant(db: DbHandle, grant: { userId: string; roleName: string; grantedBy: string | null }) {
    const inserted = await db('userRoles')
      .insert(grant)
      .onConflict(['userId', 'roleName'])
      .ignore()
      .returning('userId');
    return inserted.length > 0;
  }
  // #endregion grant-role

  /** True when there was a grant to remove. */
  async revoke(db: DbHandle, userId: string, roleName: string): Promise<boolean> {
    return (await db('userRoles').where({ userId, roleName }).delete()) > 0;
  }

  /** Every role the user holds, gone: a deleted account keeps no access. */
  async revokeAll(db: DbHandle, userId: string): Promise<void> {
    await db('userRoles').where({ userId }).delete();
  }

  // #region holders-for-update
  /** Locks the role's grants, so two revocations cannot both leave the last holder without it. */
  async holdersForUpdate(db: DbHandle, roleName: string): Promise<string[]> {
    const rows: { userId: string }[] = await db('userRoles')
      .where({ roleName })
      .select('userId')
      .forUpdate();
    return rows.map((row) => row.userId);
  }
  // #endregion holders-for-update
}
