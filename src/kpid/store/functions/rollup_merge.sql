-- The background pass over the rollups (kpid runs it every KPID_ROLLUP_MERGE_SECONDS, in a
-- REPEATABLE READ transaction: every statement below sees the same snapshot, so a delta is
-- merged or rebuilt from its rows exactly when its writer's rows are visible, never both).
--
-- 1. Rebuild, from leads, deals and NPS answers, every workspace that has no rollups yet, or
--    whose time zone is not the one its rollups were built in, or that has a delta taken in
--    another zone (a writer that read the settings before a zone change): its days and
--    deltas are dropped and its rows' events written as deltas anew. Reads fall back to the
--    direct statements until then.
-- 2. Drop the deltas of deleted workspaces.
-- 3. Add every delta into rollup_days.
-- Each day's row of an event measure (a name without '@') is also added into its month's row,
-- '<measure>@month' on the month's first day (a step day truncated to its month too), which
-- periods of whole months read (migrations/0031_rollup_months.sql).
-- One pass at a time (an advisory lock); returns the number of rollup rows written.
CREATE OR REPLACE FUNCTION rollup_rebuild(ws uuid, tz text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM rollup_deltas WHERE workspace_id = ws;
    DELETE FROM rollup_days WHERE workspace_id = ws;
    INSERT INTO rollup_deltas (workspace_id, day, step_day, measure, channel, campaign,
                               utm_source, timezone, value, max_at)
    SELECT ws, rollup_local_date(e.at, e.at_unit, tz),
        rollup_local_date(e.step_at, e.step_unit, tz), e.measure, e.channel, e.campaign,
        e.utm_source, tz, sum(e.value), max(e.latest_at)
    FROM (
        SELECT e.* FROM leads r, rollup_lead_events(r, 1) e WHERE r.workspace_id = ws
        UNION ALL
        SELECT e.* FROM deals r, rollup_deal_events(r, 1) e
        WHERE r.workspace_id = ws AND r.status = 'won'
        UNION ALL
        SELECT e.* FROM nps_responses r, rollup_nps_events(r, 1) e WHERE r.workspace_id = ws
    ) AS e
    GROUP BY 2, 3, 4, 5, 6, 7;
    INSERT INTO rollup_workspaces AS w (workspace_id, timezone) VALUES (ws, tz)
    ON CONFLICT (workspace_id) DO UPDATE SET timezone = excluded.timezone, built_at = now();
END $$;

CREATE OR REPLACE FUNCTION rollup_merge() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    ws uuid;
    tz text;
    merged bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('kpid rollup_merge')) THEN
        RETURN 0;
    END IF;
    FOR ws, tz IN
        SELECT w.id, z.tz
        FROM workspaces w
        LEFT JOIN rollup_workspaces b ON b.workspace_id = w.id
        CROSS JOIN LATERAL (
            SELECT coalesce((SELECT s.timezone FROM workspace_settings s
                             WHERE s.workspace_id = w.id), 'UTC') AS tz
        ) AS z
        WHERE b.timezone IS DISTINCT FROM z.tz
            OR EXISTS (SELECT FROM rollup_deltas d
                       WHERE d.workspace_id = w.id AND d.timezone <> b.timezone)
    LOOP
        PERFORM rollup_rebuild(ws, tz);
    END LOOP;
    DELETE FROM rollup_deltas d
    WHERE NOT EXISTS (SELECT FROM workspaces w WHERE w.id = d.workspace_id);
    WITH moved AS (
        DELETE FROM rollup_deltas d RETURNING d.*
    ), rows AS (
        SELECT workspace_id, day, step_day, measure, channel, campaign, utm_source, value,
            max_at
        FROM moved
        UNION ALL
        SELECT workspace_id, date_trunc('month', day)::date,
            date_trunc('month', step_day)::date, measure || '@month', channel, campaign,
            utm_source, value, max_at
        FROM moved
        WHERE measure NOT LIKE '%@%'
    )
    INSERT INTO rollup_days AS r (workspace_id, day, step_day, measure, channel, campaign,
                                  utm_source, value, max_at)
    SELECT workspace_id, day, step_day, measure, channel, campaign, utm_source, sum(value),
        max(max_at)
    FROM rows
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 2 -- a period's days on few pages (a rebuild writes them all)
    ON CONFLICT (workspace_id, day, measure,
        (quote_nullable((step_day - DATE '2000-01-01')::text) || ' ' || quote_nullable(channel)
            || ' ' || quote_nullable(campaign) || ' ' || quote_nullable(utm_source)))
        DO UPDATE SET value = r.value + excluded.value,
                      max_at = greatest(r.max_at, excluded.max_at);
    GET DIAGNOSTICS merged = ROW_COUNT;
    RETURN merged;
END $$;
