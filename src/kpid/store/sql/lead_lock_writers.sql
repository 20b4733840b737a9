-- Serialises the lead writers of a workspace that write the same person or the same lead, so
-- that leads of one person see each other in duplicate detection and one lead is created once
-- and changed by one writer at a time: a write locks the rows of lead_write_locks (migration
-- 0033) for its keys, inserting the missing ones, in key order so that two writers never wait
-- for each other in a circle. The keys: "p:" phone_norm and "e:" email_norm of its documents
-- ($2, $3), "k:" source/external_id of their natural keys ($5 and $6 side by side), and for
-- each stored lead they address (by id, $4, or by natural key) that lead's "i:" id, "k:"
-- natural key and stored "p:" and "e:" contacts. So a write that moves a lead to another phone
-- also holds back the writers of the phone it leaves, and writers of one lead by id and by
-- natural key share keys. The stored lead is read as this statement starts, so it misses a
-- contact change committed while it waits (by another writer of the lead, which held these
-- keys until then): an update runs this statement once more before it (lead.c), when no
-- other writer can change the lead, and waits for the writers of the contacts found then.
-- Writes with no key in common run side by side, batches included. Every writer also shares
-- the workspace's advisory lock, which a session holding it alone keeps every writer out
-- with. The insert that follows (lead_insert.sql) is a statement of its own, so its snapshot
-- sees what the writers it waited for committed. The rows stay behind after COMMIT; kpid's
-- background pass deletes those nobody holds (lead_write_locks_prune.sql). Reads the
-- workspace settings along (the columns of settings_get), and whether leads changed by more
-- rows since its last ANALYZE than it had then (table_stats_stale.sql).
WITH workspace AS MATERIALIZED (
    SELECT pg_advisory_xact_lock_shared(hashtextextended($1::text, 1))
), natural_keys AS (
    SELECT a.source, a.external_id
    FROM unnest($5::text[], $6::text[]) AS a (source, external_id)
), addressed AS (
    -- one probe of the primary key or the natural key's index per document
    SELECT l.*
    FROM unnest($4::uuid[]) AS a (id)
        CROSS JOIN LATERAL (
            SELECT s.id, s.source, s.external_id, s.phone_norm, s.email_norm
            FROM leads s
            WHERE s.workspace_id = $1::uuid
                AND s.id = a.id) AS l
    UNION ALL
    SELECT l.*
    FROM natural_keys AS a
        CROSS JOIN LATERAL (
            SELECT s.id, s.source, s.external_id, s.phone_norm, s.email_norm
            FROM leads s
            WHERE s.workspace_id = $1::uuid
                AND s.source = a.source
                AND s.external_id = a.external_id) AS l
), keys AS (
    SELECT DISTINCT hashtextextended(w.k, 0) AS key
    FROM workspace, (
        SELECT 'p:' || unnest($2::text[])
        UNION ALL
        SELECT 'e:' || unnest($3::text[])
        UNION ALL
        SELECT 'k:' || n.source || '/' || n.external_id
        FROM natural_keys AS n
        UNION ALL
        SELECT unnest(ARRAY['i:' || l.id, 'k:' || l.source || '/' || l.external_id,
                'p:' || l.phone_norm, 'e:' || l.email_norm])
        FROM addressed AS l) AS w (k)
    WHERE w.k IS NOT NULL
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
