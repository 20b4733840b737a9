INSERT INTO workspace_settings AS s (workspace_id, timezone, currency, calendar, workday_minutes,
    target_regions, dedupe_window_days)
    VALUES ($1::uuid, $2, $3, $4::jsonb, $5::int, $6::text[], $7::int)
ON CONFLICT (workspace_id)
    DO UPDATE SET
	timezone = EXCLUDED.timezone, currency = EXCLUDED.currency, calendar = EXCLUDED.calendar,
	    workday_minutes = EXCLUDED.workday_minutes, target_regions = EXCLUDED.target_regions,
	    dedupe_window_days = EXCLUDED.dedupe_window_days, updated_at = now()
    WHERE (s.timezone, s.currency, s.calendar, s.workday_minutes, s.target_regions,
	s.dedupe_window_days) IS DISTINCT FROM (EXCLUDED.timezone, EXCLUDED.currency,
	EXCLUDED.calendar, EXCLUDED.workday_minutes, EXCLUDED.target_regions,
	EXCLUDED.dedupe_window_days);
