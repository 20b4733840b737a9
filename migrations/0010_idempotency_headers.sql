-- Response headers that a replayed idempotent response must repeat (Location, Content-Type,
-- Retry-After), so that a retry sees the same answer as the first request.

ALTER TABLE idempotency_keys ADD COLUMN headers jsonb NOT NULL DEFAULT '{}';
COMMENT ON COLUMN idempotency_keys.headers IS 'Header name -> value of the stored response that clients rely on; {} for responses stored before 0010 (replayed as application/json)';
