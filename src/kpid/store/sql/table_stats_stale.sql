-- The write-hot tables whose planner statistics fell behind, so that kpid runs ANALYZE on them
-- (store/table_stats.c):
--   - a table that changed by more rows than it had at its last ANALYZE (and by 1000 at least)
--     since: its plans rest on statistics of a table a fraction of its size, or on none (a
--     table never analysed counts -1 rows);
--   - a workspace of 1000 leads or more that the statistics of leads.workspace_id put at less
--     than a quarter of that: a new workspace beside a large one, which the statistics do not
--     know yet (estimated at a row or so, so that a probe by contact would scan the workspace
--     by creation instead). The planner's estimate of `workspace_id = w` is the value's
--     frequency among the most common values, else the rows left over shared by the other
--     distinct values; the leads counted are the rollups' (month rows and unmerged deltas) of
--     the workspaces they are built for.
--     Both leads and deals are renewed: a workspace's deals grow with its leads.
WITH stats AS (
    SELECT s.most_common_vals::text::uuid[] AS vals, s.most_common_freqs AS freqs,
        greatest(c.reltuples, 0) AS n,
        CASE WHEN s.n_distinct >= 0 THEN s.n_distinct
            ELSE -s.n_distinct * greatest(c.reltuples, 0) END AS distinct_values,
        s.null_frac
    FROM pg_stats s
    JOIN pg_class c ON c.oid = 'leads'::regclass
    WHERE s.schemaname = current_schema() AND s.tablename = 'leads'
        AND s.attname = 'workspace_id'
),
counted AS (
    SELECT w.workspace_id, n.leads
    FROM rollup_workspaces w
    CROSS JOIN LATERAL (
        SELECT (SELECT coalesce(sum(d.value), 0) FROM rollup_days d
                WHERE d.workspace_id = w.workspace_id AND d.measure = 'leads@month')
            + (SELECT coalesce(sum(d.value), 0) FROM rollup_deltas d
               WHERE d.workspace_id = w.workspace_id AND d.measure = 'leads') AS leads
    ) AS n
    WHERE n.leads >= 1000
),
underestimated AS (
    SELECT EXISTS (
        SELECT FROM counted w, stats s
        WHERE w.leads > 4 * coalesce(
            s.freqs[array_position(s.vals, w.workspace_id)] * s.n,
            (1 - coalesce((SELECT sum(f) FROM unnest(s.freqs) AS f), 0) - s.null_frac) * s.n
                / greatest(s.distinct_values - coalesce(cardinality(s.vals), 0), 1))
    ) AS yes
)
SELECT c.relname
FROM pg_class c
WHERE c.oid IN ('leads'::regclass, 'deals'::regclass)
    AND (pg_stat_get_mod_since_analyze(c.oid) > greatest(c.reltuples, 1000)
         OR (SELECT yes FROM underestimated));
