-- Locks a claimed event before its fetch's outcome is recorded: no row when it is no longer
-- pending_fetch (a replay mapped it meanwhile).
SELECT id
FROM webhook_events
WHERE workspace_id = $1::uuid
    AND id = $2::uuid
    AND status = 'pending_fetch'
FOR UPDATE;
