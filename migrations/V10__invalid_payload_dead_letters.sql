-- #region invalid-payload
-- A job whose payload does not match its task's schema cannot run, however often it is tried: it
-- becomes a dead letter at once, with its own reason.
ALTER TABLE dead_letters
  DROP CONSTRAINT dead_letters_reason_check,
  ADD CONSTRAINT dead_letters_reason_check
    CHECK (reason IN ('retries-exhausted', 'stalled-too-often', 'unknown-task', 'invalid-payload'));
-- #endregion invalid-payload
