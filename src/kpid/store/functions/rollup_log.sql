-- Logging writes into rollup_deltas: one statement-level trigger per table and operation,
-- with transition tables (`added`: the rows inserted or the new versions, `removed`: the
-- rows deleted or the old versions). Each statement appends one delta per (local day, key,
-- measure) it changed, netted over its rows, so writers only insert and never wait for each
-- other on an aggregate row. The local day is taken in the workspace's time zone as the
-- writer sees it, and the delta says which zone that was (rollup_merge rebuilds a
-- workspace whose zone changed). A netted delta is kept when its value is 0 but its
-- events moved later in time: rollup_days.max_at must cover every event counted.
CREATE OR REPLACE FUNCTION rollup_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    events rollup_event[] := '{}';
BEGIN
    IF TG_TABLE_NAME = 'leads' THEN
        IF TG_OP <> 'DELETE' THEN
            events := events || ARRAY(SELECT e FROM added r, rollup_lead_events(r, 1) e);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            events := events || ARRAY(SELECT e FROM removed r, rollup_lead_events(r, -1) e);
        END IF;
    ELSIF TG_TABLE_NAME = 'deals' THEN
        IF TG_OP <> 'DELETE' THEN
            events := events || ARRAY(SELECT e FROM added r, rollup_deal_events(r, 1) e);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            events := events || ARRAY(SELECT e FROM removed r, rollup_deal_events(r, -1) e);
        END IF;
    ELSE
        IF TG_OP <> 'DELETE' THEN
            events := events || ARRAY(SELECT e FROM added r, rollup_nps_events(r, 1) e);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            events := events || ARRAY(SELECT e FROM removed r, rollup_nps_events(r, -1) e);
        END IF;
    END IF;
    -- the zone looked up once per workspace, not per event
    WITH e AS (
        SELECT * FROM unnest(events)
    ), zones AS (
        SELECT w.workspace_id,
            coalesce((SELECT s.timezone FROM workspace_settings s
                      WHERE s.workspace_id = w.workspace_id), 'UTC') AS tz
        FROM (SELECT DISTINCT workspace_id FROM e) AS w
    )
    INSERT INTO rollup_deltas (workspace_id, day, measure, channel, campaign, utm_source,
                               timezone, value, max_at)
    SELECT e.workspace_id, (e.at AT TIME ZONE z.tz)::date, e.measure, e.channel, e.campaign,
        e.utm_source, z.tz, sum(e.sign * e.value), max(e.at)
    FROM e JOIN zones z ON z.workspace_id = e.workspace_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(e.sign * e.value) <> 0
        OR max(e.at) FILTER (WHERE e.sign > 0) IS DISTINCT FROM max(e.at) FILTER (WHERE e.sign < 0);
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['leads', 'deals', 'nps_responses'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %I'
                       ' REFERENCING NEW TABLE AS added'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION rollup_log()', t || '_rollup_insert', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING OLD TABLE AS removed NEW TABLE AS added'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION rollup_log()', t || '_rollup_update', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %I'
                       ' REFERENCING OLD TABLE AS removed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION rollup_log()', t || '_rollup_delete', t);
    END LOOP;
END $$;
