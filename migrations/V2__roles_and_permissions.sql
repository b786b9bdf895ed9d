-- #region roles-and-permissions
CREATE TABLE roles (
  name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{1,39}$'),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  built_in    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE permissions (
  name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$'),
  description text NOT NULL
);

CREATE TABLE role_permissions (
  role_name       text NOT NULL REFERENCES roles (name) ON UPDATE CASCADE ON DELETE CASCADE,
  permission_name text NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
  PRIMARY KEY (role_name, permission_name)
);

CREATE TABLE user_roles (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- A role that is still granted cannot be deleted: the service says so before the database does.
  role_name  text NOT NULL REFERENCES roles (name) ON UPDATE CASCADE ON DELETE RESTRICT,
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role_name)
);
CREATE INDEX user_roles_role_name_idx ON user_roles (role_name);
-- #endregion roles-and-permissions

-- #region built-in-roles
INSERT INTO roles (name, description, built_in) VALUES
  ('superadmin', 'Operates the system: manages roles and grants them.', true),
  ('admin', 'Manages users: lists, suspends and reactivates them.', true),
  ('user', 'A registered person acting on their own account.', true);

INSERT INTO permissions (name, description) VALUES
  ('roles:manage', 'Create, change and delete roles; grant and revoke them.'),
  ('users:read', 'List and read any user.'),
  ('users:suspend', 'Suspend and reactivate users.'),
  ('account:manage', 'Read and change one''s own account.');

INSERT INTO role_permissions (role_name, permission_name) VALUES
  ('superadmin', 'roles:manage'),
  ('superadmin', 'users:read'),
  ('superadmin', 'users:suspend'),
  ('admin', 'users:read'),
  ('admin', 'users:suspend'),
  ('user', 'account:manage');

-- Accounts created before roles existed are ordinary users.
INSERT INTO user_roles (user_id, role_name) SELECT id, 'user' FROM users;
-- #endregion built-in-roles
