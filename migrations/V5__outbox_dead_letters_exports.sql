-- #region outbox
-- Tasks requested by a business change, written in the same transaction as that change.
-- The worker's relay publishes each row to the queue, with the row's id as the job id.
CREATE TABLE outbox (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task             text NOT NULL,
  payload          jsonb NOT NULL,
  request_id       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  published_at     timestamptz,
  publish_attempts integer NOT NULL DEFAULT 0,
  last_error       text
);
CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE published_at IS NULL;
-- #endregion outbox

-- #region dead-letters
-- Jobs that used up their retries or stalled too often: kept with their error, re-runnable.
CREATE TABLE dead_letters (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  queue           text NOT NULL,
  task            text NOT NULL,
  job_id          text NOT NULL,
  payload         jsonb NOT NULL,
  request_id      text,
  reason          text NOT NULL CHECK (reason IN ('retries-exhausted', 'stalled-too-often')),
  error           text NOT NULL,
  attempts        integer NOT NULL,
  failed_at       timestamptz NOT NULL DEFAULT now(),
  retried_at      timestamptz,
  retry_outbox_id uuid REFERENCES outbox (id)
);
-- A job lands here once, even if two workers report its last failure.
CREATE UNIQUE INDEX dead_letters_job_key ON dead_letters (queue, job_id) WHERE retried_at IS NULL;
CREATE INDEX dead_letters_failed_at_idx ON dead_letters (failed_at DESC, id DESC);
-- #endregion dead-letters

-- #region exports
CREATE TABLE exports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('users')),
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  object_key   text,
  row_count    integer,
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
-- #endregion exports
