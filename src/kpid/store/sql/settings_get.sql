SELECT s.timezone, s.currency, s.calendar, s.workday_minutes,
    s.target_regions::text AS target_regions_sql, array_to_json(s.target_regions) AS target_regions,
    s.dedupe_window_days, s.updated_at
FROM (
    SELECT) AS one
    LEFT JOIN workspace_settings s ON s.workspace_id = $1::uuid;
