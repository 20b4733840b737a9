SELECT r.as_of, r.results, period_results_fresh(r, p) AS fresh
FROM period_results r
JOIN periods p ON p.workspace_id = r.workspace_id AND p.id = r.period_id
WHERE r.workspace_id = $1::uuid
    AND r.period_id = $2
    AND p.closed_at IS NULL;
