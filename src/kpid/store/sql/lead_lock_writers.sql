-- Serialises the lead writers of a workspace so that leads of one person see each other in
-- duplicate detection: a large batch holds the workspace alone ($3 true, one lock whatever its
-- size); a write of a few leads shares it and holds their phones and e-mails ($2), so that
-- writes of different people run side by side. Locks are taken in one order: the workspace, then
-- the contacts. Reads the workspace settings along (the columns of settings_get), and whether
-- leads changed by more rows since its last ANALYZE than it had then (table_stats_stale.sql).
SELECT s.timezone, s.currency, s.calendar, s.workday_minutes,
    s.target_regions::text AS target_regions_sql, array_to_json(s.target_regions) AS target_regions,
    s.dedupe_window_days, s.updated_at, (
        SELECT pg_stat_get_mod_since_analyze(c.oid) > greatest(c.reltuples, 1000)
        FROM pg_class c
        WHERE c.oid = 'leads'::regclass) AS leads_statistics_stale
FROM (
    SELECT count(*)
    FROM (
        SELECT CASE WHEN k.shared THEN
                pg_advisory_xact_lock_shared(k.key)
            ELSE
                pg_advisory_xact_lock(k.key)
            END
        FROM (
            SELECT 0 AS o, hashtextextended($1::text, 1) AS key, NOT $3::bool AS shared
            UNION ALL SELECT DISTINCT 1, hashtextextended($1::text || c, 0), FALSE
            FROM unnest($2::text[]) AS c
            ORDER BY 1, 2) AS k) AS l) AS locked
    LEFT JOIN workspace_settings s ON s.workspace_id = $1::uuid;
