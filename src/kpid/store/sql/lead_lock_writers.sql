-- Serialises the lead writers of a workspace that write the same person or the same lead, so
-- that leads of one person see each other in duplicate detection and one natural key is
-- created once: a write locks the rows of lead_write_locks (migration 0033) for its keys ($2:
-- "p:" phone_norm, "e:" email_norm, "k:" source and external_id, "i:" id), inserting the
-- missing ones, in key order so that two writers never wait for each other in a circle.
-- Writes with no key in common run side by side, batches included. Every writer also shares
-- the workspace's advisory lock, which a session holding it alone keeps every writer out
-- with. The insert that follows (lead_insert.sql) is a statement of its own, so its snapshot
-- sees what the writers it waited for committed. The rows stay behind after COMMIT; kpid's
-- background pass deletes those nobody holds (lead_write_locks_prune.sql). Reads the
-- workspace settings along (the columns of settings_get), and whether leads changed by more
-- rows since its last ANALYZE than it had then (table_stats_stale.sql).
WITH workspace AS MATERIALIZED (
    SELECT pg_advisory_xact_lock_shared(hashtextextended($1::text, 1))
), keys AS (
    SELECT DISTINCT hashtextextended(k, 0) AS key
    FROM workspace, unnest($2::text[]) AS k
), locked AS (
    INSERT INTO lead_write_locks (workspace_id, key)
    SELECT $1::uuid, key
    FROM keys
    ORDER BY key
    ON CONFLICT (workspace_id, key)
        DO UPDATE SET key = excluded.key
        WHERE FALSE
)
SELECT s.timezone, s.currency, s.calendar, s.workday_minutes,
    s.target_regions::text AS target_regions_sql, array_to_json(s.target_regions) AS target_regions,
    s.dedupe_window_days, s.updated_at, (
        SELECT pg_stat_get_mod_since_analyze(c.oid) > greatest(c.reltuples, 1000)
        FROM pg_class c
        WHERE c.oid = 'leads'::regclass) AS leads_statistics_stale
FROM workspace
    LEFT JOIN workspace_settings s ON s.workspace_id = $1::uuid;
