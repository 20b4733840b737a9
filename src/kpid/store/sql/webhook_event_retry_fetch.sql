-- A fetch that may succeed later: due again in $3 milliseconds, the attempt counted and its
-- error kept for the dead-letter view.
UPDATE
    webhook_events
SET next_attempt_at = now() + $3::bigint * interval '1 millisecond', claimed_until = NULL,
    attempts = attempts + 1, error = $4
WHERE workspace_id = $1::uuid
    AND id = $2::uuid
    AND status = 'pending_fetch';
