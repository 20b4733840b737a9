-- The rollups' property test (run by tests/rollups/run.sh with :seed, :event, :cohort and
-- :rollup, the texts of the three statements). Everything but the statements themselves is
-- here.
SET client_min_messages = warning;
\o /dev/null
SELECT setseed(:seed);

CREATE TEMP TABLE statements (name text PRIMARY KEY, sql text NOT NULL);
INSERT INTO statements VALUES
    ('event', rtrim(btrim(:'event', E' \n'), ';')),
    ('cohort', rtrim(btrim(:'cohort', E' \n'), ';')),
    ('rollup', rtrim(btrim(:'rollup', E' \n'), ';'));

-- The measures the rollups serve, by the part that computes them, and whether by cohort too
-- (a cohort's deals: for whole months only, else the rollups fall back).
CREATE TEMP TABLE served (name text PRIMARY KEY, part text NOT NULL, cohort boolean NOT NULL);
INSERT INTO served VALUES ('leads', 'lead_set', true), ('valid_leads', 'lead_set', true),
    ('sql_leads', 'lead_set', true), ('brand_leads', 'lead_set', true),
    ('reaction_count', 'lead_set', true), ('reaction_minutes_sum', 'lead_set', true),
    ('contacted', 'contacted', false), ('meetings', 'meetings', false),
    ('proposals', 'proposals', false), ('won_deals', 'deals', true),
    ('new_clients', 'new_clients', true), ('repeat_purchases', 'new_clients', true),
    ('revenue_new_clients', 'new_clients', true), ('revenue', 'revenue', true),
    ('gross_margin', 'margin', true), ('deals_without_margin', 'margin', true),
    ('clients', 'clients', false),
    ('nps_responses', 'nps', true), ('nps_promoters', 'nps', true),
    ('nps_detractors', 'nps', true);

CREATE TEMP TABLE tally (what text PRIMARY KEY, n bigint NOT NULL DEFAULT 0);
CREATE TEMP TABLE got (source text, ord bigint, ch text, name text, value float8);

CREATE FUNCTION pg_temp.pick(VARIADIC options text[]) RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT options[1 + floor(random() * array_length(options, 1))::int] $$;

-- Runs the direct statement of the attribution (lag NULL: event, else cohort with that lag)
-- and the rollups' for one question; raises on the first difference. Answers whether the
-- rollups answered (false: they said 'inexact').
CREATE FUNCTION pg_temp.compare(ws uuid, label text, s timestamptz[], e timestamptz[],
    sd date[], ed date[], as_of timestamptz, chans text[], group_by text, parts text[], camp text,
    utm text, lag int DEFAULT NULL) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    d record;
    answered boolean;
BEGIN
    TRUNCATE got;
    IF lag IS NULL THEN
        EXECUTE format('INSERT INTO got SELECT %L, ord, ch, name, value FROM (%s) AS x',
                       'direct', (SELECT sql FROM statements WHERE name = 'event'))
            USING ws, s, e, sd, ed, as_of, chans, group_by, parts, camp, utm, NULL::text[];
    ELSE
        EXECUTE format('INSERT INTO got SELECT %L, ord, ch, name, value FROM (%s) AS x',
                       'direct', (SELECT sql FROM statements WHERE name = 'cohort'))
            USING ws, s, e, sd, ed, as_of, chans, group_by, parts, lag, camp, utm, NULL::text[];
    END IF;
    EXECUTE format('INSERT INTO got SELECT %L, ord, ch, name, value FROM (%s) AS x', 'rollup',
                   (SELECT sql FROM statements WHERE name = 'rollup'))
        USING ws, s, e, sd, ed, as_of, chans, group_by, parts, camp, utm, lag;
    answered := NOT EXISTS (SELECT FROM got WHERE source = 'rollup' AND name = 'inexact');
    IF NOT answered THEN
        RETURN false;
    END IF;
    -- kpid drops rows without a group key when grouped (tests/rollups: the same here)
    FOR d IN
        WITH direct AS (
            SELECT ord, ch, g.name, value FROM got g JOIN served v ON v.name = g.name
            WHERE source = 'direct' AND v.part = ANY (parts) AND (lag IS NULL OR v.cohort)
                AND (group_by IS NULL OR ch IS NOT NULL)
        ), rolled AS (
            SELECT ord, ch, name, value FROM got
            WHERE source = 'rollup' AND (group_by IS NULL OR ch IS NOT NULL)
        )
        SELECT 'direct only' AS side, * FROM (SELECT * FROM direct EXCEPT ALL SELECT * FROM rolled) x
        UNION ALL
        SELECT 'rollup only', * FROM (SELECT * FROM rolled EXCEPT ALL SELECT * FROM direct) y
        ORDER BY 2, 3, 4, 1
        LIMIT 1
    LOOP
        RAISE EXCEPTION 'rollups differ from the direct statement: workspace % (%), period % '
            'of %, %, as_of %, by %, channels %, campaign %, utm_source %: measure % group % '
            '= % (%)', ws, (SELECT coalesce(timezone, 'UTC') FROM workspace_settings
                            WHERE workspace_id = ws), d.ord, label,
            coalesce('cohort with lag ' || lag, 'event'), as_of, group_by, chans, camp, utm,
            d.name, d.ch, d.value, d.side;
    END LOOP;
    RETURN true;
END $$;

-- One random workspace with leads (some created on local midnights, some in the future),
-- duplicates, deals (late, future, without lead or channel, new and repeat clients) and NPS.
CREATE FUNCTION pg_temp.populate(i int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ws uuid;
    tz text := pg_temp.pick('UTC', 'Europe/Moscow', 'America/New_York', 'Asia/Kolkata',
                            'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns');
    n int := 30 + floor(random() * 120)::int;
    k int;
BEGIN
    INSERT INTO workspaces (name) VALUES ('prop-' || i) RETURNING id INTO ws;
    IF tz <> 'UTC' OR random() < 0.5 THEN
        INSERT INTO workspace_settings (workspace_id, timezone) VALUES (ws, tz);
    END IF;
    INSERT INTO leads (workspace_id, channel, campaign, utm_source, created_at, valid, is_sql,
                       is_brand, first_contact_at, meeting_at, proposal_at, reaction_minutes)
    SELECT ws, c.channel, c.campaign, c.utm_source, c.created_at, random() < 0.8,
        random() < 0.4, random() < 0.2,
        CASE WHEN random() < 0.7 THEN c.created_at + random() * interval '5 days' END,
        CASE WHEN random() < 0.4 THEN c.created_at + random() * interval '30 days' END,
        CASE WHEN random() < 0.3 THEN c.created_at + random() * interval '60 days' END,
        floor(random() * 600)
    FROM (
        SELECT pg_temp.pick('seo', 'ads', 'mail') AS channel,
            pg_temp.pick(NULL, 'c1', 'c2') AS campaign, pg_temp.pick(NULL, 'u1', 'u2') AS utm_source,
            CASE WHEN random() < 0.15 THEN
                -- a local midnight, or a second either side of one
                ((now() - random() * interval '380 days')::date::timestamp AT TIME ZONE tz)
                    + pg_temp.pick('0', '-1', '1')::int * interval '1 second'
            ELSE now() - interval '380 days' + random() * interval '400 days' END AS created_at
        FROM generate_series(1, n)
    ) AS c;
    -- duplicates: copies of some leads, invalid and pointing at their original
    INSERT INTO leads (workspace_id, channel, campaign, utm_source, created_at, valid,
                       duplicate_of, first_contact_at)
    SELECT ws, channel, campaign, utm_source, created_at + interval '1 hour', false, id,
        first_contact_at
    FROM leads WHERE workspace_id = ws AND random() < 0.1;
    INSERT INTO deals (workspace_id, lead_id, client_ref, is_new_client, channel, amount,
                       gross_margin, status, created_at, closed_at)
    SELECT ws, l.id, CASE WHEN random() < 0.5 THEN 'client-' || floor(random() * 6) END,
        CASE WHEN random() < 0.3 THEN random() < 0.5 END,
        CASE WHEN random() < 0.8 THEN l.channel END, round((random() * 10000)::numeric, 2),
        CASE WHEN random() < 0.7 THEN round((random() * 3000)::numeric, 2) END,
        st.status, l.created_at,
        CASE WHEN st.status <> 'open' THEN l.created_at + random() * interval '150 days' END
    FROM leads l
    CROSS JOIN LATERAL (SELECT pg_temp.pick('won', 'won', 'open', 'lost') || '' AS status
                        WHERE l.id IS NOT NULL) AS st
    WHERE l.workspace_id = ws AND random() < 0.5;
    INSERT INTO deals (workspace_id, amount, status, closed_at, channel)
    SELECT ws, 100 * g, 'won', now() - random() * interval '300 days', pg_temp.pick('seo', NULL)
    FROM generate_series(1, 3) AS g;
    -- more won deals of some leads, one statement each: repeat clients, in the lead's channel
    -- or another, some closing at the same instant as the lead's first
    FOR k IN 1..3 LOOP
        INSERT INTO deals (workspace_id, lead_id, channel, amount, status, closed_at)
        SELECT ws, d.lead_id, CASE WHEN random() < 0.7 THEN d.channel ELSE pg_temp.pick('seo', 'ads') END,
            10, 'won', CASE WHEN random() < 0.2 THEN d.closed_at
                ELSE d.closed_at + (random() - 0.3) * interval '120 days' END
        FROM deals d
        WHERE d.workspace_id = ws AND d.lead_id IS NOT NULL AND d.status = 'won'
            AND random() < 0.3;
    END LOOP;
    -- first contacts and closes on local midnights
    UPDATE leads SET first_contact_at = date_trunc('day', first_contact_at AT TIME ZONE tz)
            AT TIME ZONE tz
    WHERE workspace_id = ws AND random() < 0.2;
    UPDATE deals SET closed_at = date_trunc('day', closed_at AT TIME ZONE tz) AT TIME ZONE tz
    WHERE workspace_id = ws AND random() < 0.2;
    INSERT INTO nps_responses (workspace_id, score, responded_at)
    SELECT ws, floor(random() * 11), now() - interval '370 days' + random() * interval '390 days'
    FROM generate_series(1, 10 + floor(random() * 30)::int);
END $$;

-- Rewrites: validity flips (as a rule change does), PATCH-like moves, deal status changes,
-- deletions, single-row and many-row statements.
CREATE FUNCTION pg_temp.rewrite() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE leads SET valid = NOT valid WHERE random() < 0.1;
    UPDATE leads SET created_at = created_at + (random() - 0.5) * interval '40 days',
        channel = pg_temp.pick('seo', 'ads', 'mail', 'tv'), campaign = pg_temp.pick(NULL, 'c1', 'c3')
    WHERE random() < 0.08;
    UPDATE leads SET first_contact_at = coalesce(first_contact_at, created_at) + interval '3 hours'
    WHERE id = (SELECT id FROM leads ORDER BY random() LIMIT 1);
    UPDATE deals SET status = 'won', closed_at = coalesce(closed_at, now()) + interval '20 days'
    WHERE status = 'open' AND random() < 0.2;
    UPDATE deals SET status = 'lost' WHERE status = 'won' AND random() < 0.05;
    UPDATE deals SET amount = amount + 1, gross_margin = NULL WHERE random() < 0.05;
    UPDATE deals SET closed_at = closed_at - interval '30 days' WHERE status = 'won' AND random() < 0.05;
    UPDATE deals SET channel = pg_temp.pick('seo', 'ads', NULL) WHERE random() < 0.05;
    DELETE FROM deals WHERE random() < 0.05;
    DELETE FROM leads l WHERE random() < 0.05
        AND NOT EXISTS (SELECT FROM deals d WHERE d.workspace_id = l.workspace_id AND d.lead_id = l.id)
        AND NOT EXISTS (SELECT FROM leads c WHERE c.workspace_id = l.workspace_id AND c.duplicate_of = l.id);
    DELETE FROM nps_responses WHERE random() < 0.1;
    UPDATE nps_responses SET score = 10 - score WHERE random() < 0.1;
END $$;

-- Every question for every workspace: months, quarters and weeks (several spans in one
-- question, as a series asks), one misaligned span (must fall back), every grouping, random
-- filters and part lists, four as_of values, event attribution and a cohort with a random
-- lag. Counts answered and fallen-back questions.
CREATE FUNCTION pg_temp.ask_all(stage text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    w record;
    unit text;
    as_of timestamptz;
    group_by text;
    lag int;
    sd date[];
    ed date[];
    s timestamptz[];
    e timestamptz[];
    answered boolean;
    all_parts text[] := ARRAY['lead_set', 'contacted', 'meetings', 'proposals', 'deals',
                              'clients', 'new_clients', 'revenue', 'margin', 'nps'];
BEGIN
    FOR w IN SELECT id, coalesce((SELECT timezone FROM workspace_settings
                                  WHERE workspace_id = id), 'UTC') AS tz
             FROM workspaces ORDER BY name LOOP
        FOREACH unit IN ARRAY ARRAY['month', 'quarter', 'week'] LOOP
            SELECT array_agg(d ORDER BY d), array_agg((d + CASE unit WHEN 'quarter' THEN interval '3 months'
                                  ELSE ('1 ' || unit)::interval END)::date ORDER BY d)
            INTO sd, ed
            FROM (SELECT DISTINCT date_trunc(unit, (now() AT TIME ZONE w.tz)
                        - random() * interval '370 days')::date AS d
                  FROM generate_series(1, 3)) AS x;
            SELECT array_agg(x::timestamp AT TIME ZONE w.tz ORDER BY x) INTO s FROM unnest(sd) x;
            SELECT array_agg(x::timestamp AT TIME ZONE w.tz ORDER BY x) INTO e FROM unnest(ed) x;
            FOREACH as_of IN ARRAY ARRAY[now(), now() - interval '45 days',
                                         now() + interval '90 days',
                                         now() - random() * interval '300 days'] LOOP
                FOREACH group_by IN ARRAY ARRAY[NULL, 'channel', 'campaign', 'utm_source'] LOOP
                FOREACH lag IN ARRAY ARRAY[NULL, pg_temp.pick('0', '1', '30', '60')::int] LOOP
                    answered := pg_temp.compare(w.id, unit, s, e, sd, ed, as_of,
                        CASE WHEN random() < 0.2 THEN ARRAY['seo', 'ads']
                             WHEN random() < 0.2 THEN ARRAY['ads'] END, group_by,
                        CASE WHEN random() < 0.8 THEN all_parts
                             ELSE ARRAY['lead_set', 'nps', 'contacted'] END,
                        CASE WHEN random() < 0.2 THEN 'c1' END,
                        CASE WHEN random() < 0.2 THEN 'u2' END, lag);
                    INSERT INTO tally VALUES (stage || CASE WHEN lag IS NULL THEN ' event'
                                                          ELSE ' cohort' END
                                                    || CASE WHEN answered THEN ' answered'
                                                          ELSE ' fell back' END, 1)
                    ON CONFLICT (what) DO UPDATE SET n = tally.n + 1;
                END LOOP;
                END LOOP;
            END LOOP;
        END LOOP;
        -- a span that is not whole local days must not be answered from the rollups
        IF w.tz <> 'UTC' AND pg_temp.compare(w.id, 'misaligned', ARRAY[sd[1]::timestamptz],
                ARRAY[ed[1]::timestamp AT TIME ZONE w.tz], sd[1:1], ed[1:1], now(), NULL,
                NULL, all_parts, NULL, NULL) THEN
            RAISE EXCEPTION 'rollups answered a span that is not whole local days (%)', w.tz;
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION pg_temp.expect_answers(stage text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce((SELECT n FROM tally WHERE what = stage || ' event answered'), 0) = 0 THEN
        RAISE EXCEPTION 'the rollups answered no question by event at stage %', stage;
    END IF;
    IF coalesce((SELECT n FROM tally WHERE what = stage || ' cohort answered'), 0) = 0 THEN
        RAISE EXCEPTION 'the rollups answered no question by cohort at stage %', stage;
    END IF;
END $$;

SELECT pg_temp.populate(i) FROM generate_series(1, 6) AS i;
-- nothing built yet: every question falls back (and is still compared when answered)
SELECT pg_temp.ask_all('1 before any merge');

BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rollup_merge() >= 0 AS merged;
COMMIT;
SELECT pg_temp.ask_all('2 merged');
SELECT pg_temp.expect_answers('2 merged');

-- rewrites left unmerged: reads add the deltas
SELECT pg_temp.rewrite();
SELECT pg_temp.populate(7);
SELECT pg_temp.ask_all('3 deltas unmerged');
SELECT pg_temp.expect_answers('3 deltas unmerged');

BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rollup_merge() >= 0 AS merged;
COMMIT;
SELECT pg_temp.rewrite();
SELECT pg_temp.ask_all('4 merged and rewritten');
SELECT pg_temp.expect_answers('4 merged and rewritten');

-- time zone changes, with every delta merged: those workspaces fall back until the merge
-- rebuilds them
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rollup_merge() >= 0 AS merged;
COMMIT;
INSERT INTO workspace_settings AS s (workspace_id, timezone)
SELECT id, 'Asia/Kathmandu' FROM workspaces WHERE name IN ('prop-1', 'prop-2', 'prop-3')
ON CONFLICT (workspace_id) DO UPDATE
    SET timezone = CASE s.timezone WHEN 'Asia/Kathmandu' THEN 'UTC' ELSE 'Asia/Kathmandu' END;
-- their days are the old zone's: nothing may be answered from them before the rebuild
DO $$
DECLARE
    w record;
    d date;
BEGIN
    FOR w IN SELECT id, (SELECT timezone FROM workspace_settings WHERE workspace_id = id) AS tz
             FROM workspaces WHERE name IN ('prop-1', 'prop-2', 'prop-3') LOOP
        d := date_trunc('month', now() AT TIME ZONE w.tz - interval '2 months')::date;
        IF pg_temp.compare(w.id, 'month after a zone change',
                ARRAY[d::timestamp AT TIME ZONE w.tz],
                ARRAY[(d + interval '1 month')::timestamp AT TIME ZONE w.tz], ARRAY[d],
                ARRAY[(d + interval '1 month')::date], now(), NULL, NULL,
                ARRAY['lead_set', 'deals', 'nps'], NULL, NULL) THEN
            RAISE EXCEPTION 'rollups of the old zone answered after a change to %', w.tz;
        END IF;
    END LOOP;
END $$;
SELECT pg_temp.rewrite();
SELECT pg_temp.ask_all('5 zones changed');
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rollup_merge() >= 0 AS merged;
COMMIT;
SELECT pg_temp.ask_all('6 rebuilt');
SELECT pg_temp.expect_answers('6 rebuilt');
-- a deleted workspace leaves no deltas behind once merged
DELETE FROM deals WHERE workspace_id = (SELECT id FROM workspaces WHERE name = 'prop-4');
DELETE FROM workspaces WHERE name = 'prop-4';
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT rollup_merge() >= 0 AS merged;
COMMIT;
SELECT pg_temp.ask_all('7 merged again');
SELECT pg_temp.expect_answers('7 merged again');
DO $$
BEGIN
    IF EXISTS (SELECT FROM rollup_deltas) THEN
        RAISE EXCEPTION 'deltas left after a merge';
    END IF;
END $$;

\o
\echo check-rollups: questions per stage (each compared measure by measure when answered):
SELECT what, n FROM tally ORDER BY what;
\echo check-rollups: zero differences
