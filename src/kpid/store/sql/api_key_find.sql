-- Looks the key up with its workspace's limits; last_used_at is refreshed at most once a
-- minute to keep reads cheap.
WITH k AS (
    SELECT id, workspace_id, scopes, last_used_at
    FROM api_keys
    WHERE key_hash = $1
        AND revoked_at IS NULL
), touched AS (
    UPDATE
        api_keys
    SET last_used_at = now()
    WHERE id = (
            SELECT id
            FROM k)
            AND (last_used_at IS NULL
                OR last_used_at < now() - interval '1 minute'))
SELECT k.id, k.workspace_id, k.scopes, l.max_kpis, l.max_scorecards, l.max_sources,
    l.max_result_periods, l.max_result_rows, l.requests_per_second, l.pool_share_pct
FROM k
    LEFT JOIN workspace_limits l USING (workspace_id);
