-- A stored delivery whose record kpid has to fetch from the CRM: due at once.
UPDATE
    webhook_events
SET status = 'pending_fetch', next_attempt_at = now()
WHERE workspace_id = $1::uuid
    AND id = $2::uuid;
