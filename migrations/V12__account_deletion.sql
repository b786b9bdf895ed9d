-- #region account-deletion
-- Deleting an account is a soft delete: the row stays, with deleted_at set (V1), so the audit
-- log and other people's records still point at it, and its email is free for a new account at
-- once (users_email_key covers live rows only). The worker then anonymises what named the person
-- and records when, so a second delivery of that job finds nothing left to do.
ALTER TABLE users ADD COLUMN anonymised_at timestamptz;

ALTER TABLE sessions DROP CONSTRAINT sessions_revoked_reason_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_revoked_reason_check CHECK (revoked_reason IN
  ('logout', 'refresh-token-reused', 'password-changed', 'user-suspended', 'user-deleted'));

INSERT INTO permissions (name, description) VALUES
  ('users:delete', 'Delete any user''s account; the worker then anonymises it.');

INSERT INTO role_permissions (role_name, permission_name) VALUES
  ('superadmin', 'users:delete'),
  ('admin', 'users:delete');
-- #endregion account-deletion
