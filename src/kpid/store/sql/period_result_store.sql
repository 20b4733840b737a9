UPDATE period_results
SET as_of = $3::timestamptz,
    seen = pg_current_snapshot(),
    results = $4::json,
    scorecards = $5::json,
    computed_at = now()
WHERE workspace_id = $1::uuid
    AND period_id = $2;
