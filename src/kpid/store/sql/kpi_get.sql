SELECT code, name, OWNER, level, metric, formula,
    manual, unit, direction, granularity, attribution, lag_days,
    channels::text AS channels_sql, array_to_json(channels)::text AS channels_json, target_base, target_plan, target_stretch, description,
    created_at, updated_at
FROM kpis
WHERE workspace_id = $1::uuid
    AND code = $2;
