SELECT code, name, OWNER, level, metric, formula,
    manual, unit, direction, granularity, attribution, lag_days,
    channels::text AS channels_sql, array_to_json(channels)::text AS channels_json, target_base, target_plan, target_stretch, description,
    created_at, updated_at
FROM kpis
WHERE workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR granularity = $2)
    AND ($3::text IS NULL
        OR OWNER = $3)
    AND ($4::text IS NULL
        OR code > $4)
ORDER BY code
LIMIT $5::int;
