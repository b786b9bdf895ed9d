-- #region outbox-leases
-- A row is done when its task's effect has committed (or it was dead-lettered), not when Redis
-- took the job. Until then it is in flight under a lease: past the lease, a worker's sweeper
-- publishes it again with the same job id, so a job that Redis lost runs again.
ALTER TABLE outbox
  ADD COLUMN lease_until timestamptz,
  -- Attempts started, redeliveries after a worker died included; attempts that failed.
  ADD COLUMN deliveries  integer NOT NULL DEFAULT 0,
  ADD COLUMN failures    integer NOT NULL DEFAULT 0,
  -- How often the sweeper found the job gone from Redis and published it again.
  ADD COLUMN republished integer NOT NULL DEFAULT 0,
  ADD COLUMN done_at     timestamptz;

CREATE INDEX outbox_in_flight_idx ON outbox (lease_until)
  WHERE done_at IS NULL AND published_at IS NOT NULL;
CREATE INDEX outbox_done_at_idx ON outbox (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX outbox_republished_idx ON outbox (task) WHERE republished > 0;
-- #endregion outbox-leases

-- Before this migration a row was over once Redis had it. Rows published in the last day may
-- still have a job waiting or retrying in Redis: they are in flight, due for the sweeper, which
-- leaves a job Redis still holds alone (tasks are idempotent). Older rows are over.
UPDATE outbox SET lease_until = now() WHERE published_at > now() - interval '1 day';
UPDATE outbox SET done_at = published_at WHERE published_at <= now() - interval '1 day';

-- Finished rows are purged after a retention period; a dead letter keeps its own copy of the task.
ALTER TABLE dead_letters
  DROP CONSTRAINT dead_letters_retry_outbox_id_fkey,
  ADD CONSTRAINT dead_letters_retry_outbox_id_fkey
    FOREIGN KEY (retry_outbox_id) REFERENCES outbox (id) ON DELETE SET NULL,
  -- A job for a task that no broker routes any more cannot run.
  DROP CONSTRAINT dead_letters_reason_check,
  ADD CONSTRAINT dead_letters_reason_check
    CHECK (reason IN ('retries-exhausted', 'stalled-too-often', 'unknown-task'));
-- The purge's ON DELETE SET NULL finds the dead letters of each deleted row through this.
CREATE INDEX dead_letters_retry_outbox_id_idx ON dead_letters (retry_outbox_id)
  WHERE retry_outbox_id IS NOT NULL;
CREATE INDEX dead_letters_open_task_idx ON dead_letters (task, reason, failed_at)
  WHERE retried_at IS NULL;
