-- #region outbox-trace-context
-- The trace context of the span that wrote the row (W3C traceparent and tracestate), so that the
-- worker's job continues the request's trace. Null when tracing is off.
ALTER TABLE outbox ADD COLUMN trace_context jsonb;
-- #endregion outbox-trace-context
