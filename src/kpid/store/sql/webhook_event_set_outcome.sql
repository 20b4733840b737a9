UPDATE
    webhook_events
SET status = $3, error = $4, result = $5::jsonb, attempts = attempts + 1, processed_at = now(),
    next_attempt_at = NULL, claimed_until = NULL
WHERE workspace_id = $1::uuid
    AND id = $2::uuid;
