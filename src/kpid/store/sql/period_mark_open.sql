UPDATE
    periods
SET closed_at = NULL, closed_by = NULL
WHERE workspace_id = $1::uuid
    AND id = $2
    AND closed_at IS NOT NULL
RETURNING id;
