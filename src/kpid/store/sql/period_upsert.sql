WITH tz AS (
    SELECT coalesce((
            SELECT timezone FROM workspace_settings
                WHERE workspace_id = $1::uuid), 'UTC') AS name)
INSERT INTO periods AS p (workspace_id, id, kind, start_date, end_date, starts_at, ends_at)
SELECT $1::uuid, $2, $3, $4::date, $5::date, $4::date::timestamp AT TIME ZONE tz.name,
    $5::date::timestamp AT TIME ZONE tz.name
FROM tz
ON CONFLICT (workspace_id, id)
    DO UPDATE SET
        starts_at = CASE WHEN p.closed_at IS NULL THEN
            excluded.starts_at
        ELSE
            p.starts_at
        END, ends_at = CASE WHEN p.closed_at IS NULL THEN
            excluded.ends_at
        ELSE
            p.ends_at
        END
    RETURNING id, start_date, end_date, starts_at, ends_at, closed_at,
        xmax = 0 AS created;
