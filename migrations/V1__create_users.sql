-- #region create-users
CREATE TABLE users (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                 text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  password_hash         text NOT NULL,
  welcome_email_sent_at timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  deleted_at            timestamptz
);

-- One live account per email; a soft-deleted account frees its email.
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;
-- #endregion create-users
