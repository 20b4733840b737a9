-- Sets the operator limits of the workspace named $1 from the JSON object $2: a member sets
-- its limit (JSON null puts the default back), an absent member keeps the limit as it is.
INSERT INTO workspace_limits AS l (workspace_id, max_kpis, max_scorecards, max_sources,
    max_result_periods, max_result_rows, requests_per_second, pool_share_pct)
SELECT w.id, (c ->> 'max_kpis')::int, (c ->> 'max_scorecards')::int, (c ->> 'max_sources')::int,
    (c ->> 'max_result_periods')::int, (c ->> 'max_result_rows')::int,
    (c ->> 'requests_per_second')::int, (c ->> 'pool_share_pct')::int
FROM workspaces w, (SELECT $2::jsonb AS c) AS change
WHERE w.name = $1
ON CONFLICT (workspace_id) DO UPDATE SET
    max_kpis = CASE WHEN $2::jsonb ? 'max_kpis' THEN excluded.max_kpis ELSE l.max_kpis END,
    max_scorecards = CASE WHEN $2::jsonb ? 'max_scorecards'
        THEN excluded.max_scorecards ELSE l.max_scorecards END,
    max_sources = CASE WHEN $2::jsonb ? 'max_sources'
        THEN excluded.max_sources ELSE l.max_sources END,
    max_result_periods = CASE WHEN $2::jsonb ? 'max_result_periods'
        THEN excluded.max_result_periods ELSE l.max_result_periods END,
    max_result_rows = CASE WHEN $2::jsonb ? 'max_result_rows'
        THEN excluded.max_result_rows ELSE l.max_result_rows END,
    requests_per_second = CASE WHEN $2::jsonb ? 'requests_per_second'
        THEN excluded.requests_per_second ELSE l.requests_per_second END,
    pool_share_pct = CASE WHEN $2::jsonb ? 'pool_share_pct'
        THEN excluded.pool_share_pct ELSE l.pool_share_pct END,
    updated_at = now();
