WITH tz AS (
    SELECT coalesce((
            SELECT timezone FROM workspace_settings
                WHERE workspace_id = $1::uuid), 'UTC') AS name
), a AS (
    SELECT coalesce($5::timestamptz, now()) AS t
)
SELECT q.ord, coalesce(p.starts_at, q.sd::timestamp AT TIME ZONE tz.name) AS starts_at,
    coalesce(p.ends_at, q.ed::timestamp AT TIME ZONE tz.name) AS ends_at,
    p.id IS NOT NULL AS stored, p.closed_at IS NOT NULL AS closed, a.t AS as_of,
    floor(extract(epoch FROM a.t AT TIME ZONE tz.name)) AS as_of_local
FROM tz
    CROSS JOIN a
    CROSS JOIN unnest($2::text[], $3::date[], $4::date[])
    WITH ORDINALITY AS q (id, sd, ed, ord)
    LEFT JOIN periods p ON p.workspace_id = $1::uuid
        AND p.id = q.id
    ORDER BY q.ord;
