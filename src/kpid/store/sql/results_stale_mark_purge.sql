DELETE FROM results_stale_marks m
WHERE NOT EXISTS (
    SELECT 1
    FROM period_results r
    JOIN periods p ON p.workspace_id = r.workspace_id AND p.id = r.period_id
    WHERE r.workspace_id = m.workspace_id
        AND p.closed_at IS NULL
        AND NOT coalesce(pg_visible_in_snapshot(m.xid, r.seen), false));
