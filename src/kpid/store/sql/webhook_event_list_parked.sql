-- The oldest events of a source with this status, for a bulk replay (webhook_events_parked).
-- Locking them all before any is mapped keeps the replay from holding the source's row (its
-- counts) while it waits for an event that a single replay holds and maps.
SELECT id
FROM webhook_events
WHERE workspace_id = $1::uuid
    AND source_name = $2
    AND status = $3
ORDER BY received_at, id
LIMIT $4::int
FOR UPDATE;
