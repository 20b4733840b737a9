SELECT id, start_date, end_date, starts_at, ends_at, closed_at
FROM periods
WHERE workspace_id = $1::uuid
    AND id = $2;
