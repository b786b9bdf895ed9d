-- JavaScript dates hold milliseconds; PostgreSQL's timestamps hold microseconds. A page cursor
-- that carries a JavaScript date must meet the same precision, or users within one millisecond
-- of each other would be skipped between pages.
ALTER TABLE users
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);
