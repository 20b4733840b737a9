-- Takes the pending_fetch event due first whose source has fewer than $1 events claimed
-- (the per-source concurrency limit) and claims it for $2 seconds: it is not due again
-- until then, so a worker that dies with it leaves it to another after the claim lapses.
-- SKIP LOCKED lets the workers of several kpid instances take events side by side.
WITH due AS (
    SELECT e.workspace_id, e.id
    FROM webhook_events e
    WHERE e.status = 'pending_fetch'
        AND e.next_attempt_at <= now()
        AND (SELECT count(*)
            FROM webhook_events c
            WHERE c.workspace_id = e.workspace_id
                AND c.source_name = e.source_name
                AND c.status = 'pending_fetch'
                AND c.claimed_until > now()) < $1::int
    ORDER BY e.next_attempt_at
    LIMIT 1
    FOR UPDATE OF e SKIP LOCKED)
UPDATE
    webhook_events e
SET claimed_until = now() + $2::int * interval '1 second',
    next_attempt_at = now() + $2::int * interval '1 second'
FROM due, webhook_sources s
WHERE e.workspace_id = due.workspace_id
    AND e.id = due.id
    AND s.workspace_id = e.workspace_id
    AND s.name = e.source_name
RETURNING e.id, e.workspace_id, e.source_name, e.body,
    to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS received_at,
    floor(extract(epoch FROM now() - e.received_at))::bigint AS age_seconds, e.attempts, s.preset,
    s.payload, s.target, s.field_map, s.fetch_url, s.fetch_token, s.fetch_allow_http;
