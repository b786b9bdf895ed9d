-- #region user-status
ALTER TABLE users
  ADD COLUMN status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  ADD COLUMN suspended_at timestamptz;

-- The admin list pages through users newest first; id breaks ties so the order is stable.
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC);
-- #endregion user-status

-- #region audit-log
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id       uuid REFERENCES users (id) ON DELETE SET NULL,
  action         text NOT NULL,
  target_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  details        jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_target_user_id_idx ON audit_log (target_user_id);
-- #endregion audit-log
