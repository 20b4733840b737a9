SELECT id, start_date, end_date, starts_at, ends_at, closed_at
FROM periods
WHERE workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR kind = $2)
    AND ($3::date IS NULL
        OR (start_date, id) > ($3, $4))
ORDER BY start_date, id
LIMIT $5::int;
