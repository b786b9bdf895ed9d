-- #region route-permissions
-- Every route that needs more than a signed-in caller names one of these permissions, and access
-- is decided from what the caller's roles grant. account:manage is gone: the account routes are
-- for any signed-in user, so no grant could decide anything about them.
DELETE FROM permissions WHERE name = 'account:manage';

UPDATE permissions SET description = 'List and read any user, with their roles.'
  WHERE name = 'users:read';

INSERT INTO permissions (name, description) VALUES
  ('exports:create', 'Ask for an export of all users.'),
  ('exports:read', 'Read an export''s status and download it.'),
  ('jobs:read', 'List failed jobs (dead letters).'),
  ('jobs:retry', 'Put failed jobs back in the queue.');

INSERT INTO role_permissions (role_name, permission_name) VALUES
  ('superadmin', 'exports:create'),
  ('superadmin', 'exports:read'),
  ('superadmin', 'jobs:read'),
  ('superadmin', 'jobs:retry'),
  ('admin', 'exports:create'),
  ('admin', 'exports:read'),
  ('admin', 'jobs:read'),
  ('admin', 'jobs:retry');

UPDATE roles SET description = 'Manages users, their exports and failed jobs.' WHERE name = 'admin';
UPDATE roles SET description = 'A registered person: their own account needs no permission.'
  WHERE name = 'user';
-- #endregion route-permissions
