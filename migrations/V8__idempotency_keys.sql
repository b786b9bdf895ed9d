-- #region idempotency-keys
-- The first answer to a request sent with an Idempotency-Key header, per caller and key: the same
-- request again replays it; another request with that key is refused.
CREATE TABLE idempotency_keys (
  caller           text NOT NULL,
  key              text NOT NULL,
  -- An HMAC of the method, path and body: a stolen table reveals no request.
  request_hash     text NOT NULL,
  -- Null while the first request runs; a request still running past locked_until may be taken over.
  response_status  integer,
  response_headers jsonb,
  response_body    jsonb,
  locked_until     timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
-- #endregion idempotency-keys
