UPDATE
    periods
SET closed_at = now(), closed_by = $3::uuid
WHERE workspace_id = $1::uuid
    AND id = $2;
