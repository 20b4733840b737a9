SELECT r.workspace_id, r.period_id
FROM period_results r
JOIN periods p ON p.workspace_id = r.workspace_id AND p.id = r.period_id
WHERE p.closed_at IS NULL
    AND NOT period_results_fresh(r, p)
ORDER BY r.computed_at NULLS FIRST, r.workspace_id, r.period_id
LIMIT $1::int;
