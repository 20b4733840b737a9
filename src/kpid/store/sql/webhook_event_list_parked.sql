-- The oldest events of a source with this status, for a bulk replay (webhook_events_parked).
SELECT id
FROM webhook_events
WHERE workspace_id = $1::uuid
    AND source_name = $2
    AND status = $3
ORDER BY received_at, id
LIMIT $4::int;
