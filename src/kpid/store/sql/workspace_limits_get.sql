SELECT l.max_kpis, l.max_scorecards, l.max_sources, l.max_result_periods, l.max_result_rows,
    l.requests_per_second,
    l.pool_share_pct
FROM workspaces w
    LEFT JOIN workspace_limits l ON l.workspace_id = w.id
WHERE w.name = $1;
