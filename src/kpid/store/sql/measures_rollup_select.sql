-- The measures the rollups serve, for a list of periods: by event attribution the lead set's
-- counts and reaction, the funnel steps, won deals with their revenue, margin and new clients,
-- distinct clients, NPS; by cohort the lead set and NPS, which are the same by either
-- attribution, and, for periods of whole months, the won deals of the leads created in the
-- period with their revenue, margin and new clients, stored by lead month and close
-- (migrations/0030_rollup_cohort_deals.sql). The same rows (ord, ch, name, value) as
-- measures_event_select.sql and measures_cohort_select.sql give for these parts, from
-- rollup_days plus the deltas not merged yet, or, when the rollups cannot answer exactly, one
-- row named 'inexact' (kpid then runs the direct statement):
--   - distinct clients of a filter of several channels, not grouped by channel;
--   - the workspace's rollups are not built in its current time zone, or a delta was taken
--     in another zone (rollup_merge rebuilds them);
--   - a period is not whole local days of that zone, or, for a cohort's deals, not whole
--     local months;
--   - a value taken holds an event after as_of (a row created in the future, a reaction to a
--     contact after as_of, a deal closed after it), which the direct statement leaves out.
--
-- $1 workspace; $2/$3 the periods' start/end instants and $4/$5 their local start/end dates;
-- $6 as_of; $7 the channel filter (text[], NULL = every channel); $8 the grouping ('channel',
-- 'campaign', 'utm_source' or NULL); $9 the parts to compute (text[]: lead_set, contacted,
-- meetings, proposals, deals, clients, new_clients, revenue, margin, nps); $10/$11 the
-- campaign and utm_source filters (NULL = every one); $12 the cohort's lag_days (NULL: event
-- attribution). A part's group has rows when the part counts something in it (leads,
-- contacted, ..., won deals, NPS answers), as a GROUP BY over its rows gives in the direct
-- statement. NPS answers have no channel: no filter narrows them and they have no rows by
-- group.
WITH
zone AS (
    SELECT coalesce((SELECT timezone FROM workspace_settings WHERE workspace_id = $1::uuid),
                    'UTC') AS tz
),
-- Each period, whether it is whole local months (then it reads the month rows) and, by
-- cohort, its horizon's local date hd (deals closed before it count, unless after as_of) and
-- that date's month hm.
periods AS (
    SELECT p.*,
        p.sd = date_trunc('month', p.sd)::date AND p.ed = date_trunc('month', p.ed)::date
            AS months,
        p.ed + $12::int AS hd, date_trunc('month', p.ed + $12::int)::date AS hm
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
),
-- Each measure's part, and the count that makes the part's group exist.
measures (name, part, counter) AS (
    VALUES ('leads', 'lead_set', 'leads'), ('valid_leads', 'lead_set', 'leads'),
        ('sql_leads', 'lead_set', 'leads'), ('brand_leads', 'lead_set', 'leads'),
        ('reaction_count', 'lead_set', 'leads'), ('reaction_minutes_sum', 'lead_set', 'leads'),
        ('contacted', 'contacted', 'contacted'), ('meetings', 'meetings', 'meetings'),
        ('proposals', 'proposals', 'proposals'), ('won_deals', 'deals', 'won_deals'),
        ('new_clients', 'new_clients', 'won_deals'),
        ('repeat_purchases', 'new_clients', 'won_deals'),
        ('revenue_new_clients', 'new_clients', 'won_deals'), ('revenue', 'revenue', 'won_deals'),
        ('gross_margin', 'margin', 'won_deals'), ('deals_without_margin', 'margin', 'won_deals'),
        ('clients', 'clients', 'won_deals'),
        ('nps_responses', 'nps', 'nps_responses'), ('nps_promoters', 'nps', 'nps_responses'),
        ('nps_detractors', 'nps', 'nps_responses')
),
-- Each wanted measure with the stored one it reads: clients are counted per lead
-- (migrations/0029_rollup_clients.sql), or per lead and channel when the groups or the filter
-- are channels.
wanted AS (
    SELECT m.*,
        CASE WHEN m.name <> 'clients' THEN m.name
            WHEN $8::text = 'channel' OR coalesce(cardinality($7::text[]), 0) = 1
                THEN 'channel_clients'
            ELSE 'clients' END AS stored
    FROM measures m
    WHERE m.part = ANY ($9::text[]) AND (m.part <> 'nps' OR $8::text IS NULL)
        AND ($12::int IS NULL OR m.part NOT IN ('contacted', 'meetings', 'proposals', 'clients'))
),
built AS (
    SELECT EXISTS (SELECT FROM rollup_workspaces w, zone z
                   WHERE w.workspace_id = $1::uuid AND w.timezone = z.tz)
        AND NOT EXISTS (SELECT FROM rollup_deltas d, zone z
                        WHERE d.workspace_id = $1::uuid AND d.timezone <> z.tz)
        AND NOT EXISTS (SELECT FROM periods p, zone z
                        WHERE p.s <> p.sd::timestamp AT TIME ZONE z.tz
                            OR p.e <> p.ed::timestamp AT TIME ZONE z.tz) AS ok
),
-- The stored measures to read, the wanted ones and their counters: by event (and a cohort's
-- lead set and NPS) by the event's day or month; a cohort's deals by lead month and close.
reads AS (
    SELECT array_agg(r.m) FILTER (WHERE NOT r.cohort_deal) AS by_day,
        array_agg(r.m || '@month') FILTER (WHERE NOT r.cohort_deal) AS by_month,
        array_agg(r.m || '@close_month') FILTER (WHERE r.cohort_deal) AS by_close_month,
        array_agg(r.m || '@close_day') FILTER (WHERE r.cohort_deal) AS by_close_day
    FROM (SELECT stored FROM wanted UNION SELECT counter FROM wanted) AS r0 (m)
    CROSS JOIN LATERAL (
        SELECT r0.m, $12::int IS NOT NULL AND r0.m IN (
            SELECT name FROM measures WHERE part IN ('deals', 'new_clients', 'revenue', 'margin')
        ) AS cohort_deal
    ) AS r
),
-- Merged and unmerged values alike; each condition on it reaches both tables' indexes.
stored_rows AS NOT MATERIALIZED (
    SELECT workspace_id, day, step_day, measure, channel, campaign, utm_source, value, max_at
    FROM rollup_days
    UNION ALL
    SELECT workspace_id, day, step_day, measure, channel, campaign, utm_source, value, max_at
    FROM rollup_deltas
),
-- Every stored value of the wanted counters and measures in each period: one index range per
-- measure, over the merged months of a period of whole months, else the merged days, and the
-- unmerged days. A client counts once per period: by its won deal whose previous one closed
-- before the period (a month row's step day is a month's first day: the same test). A
-- cohort's deals: those closed in the months before the horizon's month, then those on the
-- days of that month before the horizon.
stored AS (
    SELECT p.ord, v.*
    FROM periods p
    CROSS JOIN LATERAL (
        SELECT split_part(d.measure, '@', 1) AS measure, d.channel, d.campaign, d.utm_source, d.value,
            d.max_at
        FROM rollup_days d
        WHERE d.workspace_id = $1::uuid
            AND d.measure = ANY (CASE WHEN p.months THEN (SELECT by_month FROM reads)
                                      ELSE (SELECT by_day FROM reads) END::text[])
            AND d.day >= p.sd AND d.day < p.ed AND (d.step_day IS NULL OR d.step_day < p.sd)
        UNION ALL
        SELECT d.measure, d.channel, d.campaign, d.utm_source, d.value, d.max_at
        FROM rollup_deltas d
        WHERE d.workspace_id = $1::uuid AND d.measure = ANY ((SELECT by_day FROM reads)::text[])
            AND d.day >= p.sd AND d.day < p.ed AND (d.step_day IS NULL OR d.step_day < p.sd)
        UNION ALL
        SELECT split_part(d.measure, '@', 1), d.channel, d.campaign, d.utm_source, d.value,
            d.max_at
        FROM stored_rows d
        WHERE d.workspace_id = $1::uuid
            AND d.measure = ANY ((SELECT by_close_month FROM reads)::text[])
            AND d.day >= p.sd AND d.day < p.ed AND d.step_day < p.hm
        UNION ALL
        SELECT split_part(d.measure, '@', 1), d.channel, d.campaign, d.utm_source, d.value,
            d.max_at
        FROM stored_rows d
        WHERE d.workspace_id = $1::uuid
            AND d.measure = ANY ((SELECT by_close_day FROM reads)::text[])
            AND d.day >= p.hm AND d.day < p.hd AND d.step_day >= p.sd AND d.step_day < p.ed
    ) AS v
    WHERE (SELECT ok FROM built)
        AND (v.measure LIKE 'nps\_%' OR (
            ($7::text[] IS NULL OR v.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR v.campaign = $10::text)
            AND ($11::text IS NULL OR v.utm_source = $11::text)))
),
sums AS (
    SELECT ord,
        CASE $8::text WHEN 'channel' THEN channel WHEN 'campaign' THEN campaign
            WHEN 'utm_source' THEN utm_source END AS ch,
        measure, sum(value) AS value, bool_or(max_at > $6::timestamptz) AS after_as_of
    FROM stored
    GROUP BY 1, 2, 3
),
exact AS (
    SELECT (SELECT ok FROM built) AND $6::timestamptz IS NOT NULL
        -- clients of several channels but not by channel: a lead's previous deal among them
        -- is not stored
        AND NOT (EXISTS (SELECT FROM wanted WHERE name = 'clients')
                 AND coalesce(cardinality($7::text[]), 0) > 1 AND $8::text IS DISTINCT FROM 'channel')
        -- a cohort's deals of a period that is not whole local months
        AND NOT (coalesce(cardinality((SELECT by_close_month FROM reads)), 0) > 0
                 AND EXISTS (SELECT FROM periods p WHERE NOT p.months))
        AND NOT coalesce((SELECT bool_or(after_as_of) FROM sums), false) AS ok
)
SELECT c.ord, c.ch, w.name, coalesce(v.value, 0)::float8 AS value
FROM sums c
JOIN wanted w ON w.counter = c.measure
LEFT JOIN sums v ON v.ord = c.ord AND v.ch IS NOT DISTINCT FROM c.ch AND v.measure = w.stored
WHERE c.value > 0 AND (SELECT ok FROM exact)
UNION ALL
SELECT NULL, NULL, 'inexact', NULL
WHERE NOT (SELECT ok FROM exact);
