-- Records a mapping's outcome. An event that wrote a lead erased before (whose contact stays
-- erased: lead_erase.sql) loses its body at once, as the earlier events of that lead did.
UPDATE
    webhook_events e
SET status = $3, error = $4, result = $5::jsonb, attempts = attempts + 1, processed_at = now(),
    next_attempt_at = NULL, claimed_until = NULL,
    body = CASE WHEN w.erased THEN ''::bytea ELSE e.body END,
    erased_at = CASE WHEN w.erased THEN now() ELSE e.erased_at END
FROM (
    SELECT EXISTS (
        SELECT
        FROM jsonb_array_elements(coalesce($5::jsonb, '[]')) AS r
            JOIN leads l ON l.workspace_id = $1::uuid
                AND l.id = (r ->> 'id')::uuid
        WHERE l.erased_at IS NOT NULL) AS erased) AS w
WHERE e.workspace_id = $1::uuid
    AND e.id = $2::uuid;
