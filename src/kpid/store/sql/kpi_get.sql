SELECT code, name, OWNER, level, metric, formula,
    manual, unit, direction, granularity, attribution, lag_days,
    channels::text, array_to_json(channels)::text, target_base, target_plan, target_stretch, description,
    created_at, updated_at
FROM kpis
WHERE workspace_id = $1::uuid
    AND code = $2;
