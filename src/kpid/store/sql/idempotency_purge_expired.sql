-- Oldest first, on the created_at index; SKIP LOCKED leaves a key that a request is just
-- reclaiming to that request.
DELETE FROM idempotency_keys WHERE (workspace_id, key) IN
(SELECT workspace_id, key FROM idempotency_keys
WHERE created_at < now() - make_interval(hours => $1::int)
ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED);
