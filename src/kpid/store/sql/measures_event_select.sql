-- The measures of a list of periods by event attribution: the lead set, each funnel step by
-- its own date, won deals by close, spend, channel records, NPS.
--
-- $1 workspace; $2/$3 the periods' start/end instants and $4/$5 their local start/end dates
-- (one array element per period); $6 as_of; $7 the channel filter (text[], NULL = every
-- channel); $8 the grouping ('channel', 'campaign', 'utm_source' or NULL for none); $9 the
-- parts to compute (text[] of part names); $10/$11 the campaign and utm_source filters (NULL
-- = every one); $12 the free counters to sum (text[], NULL = none). Deals have their lead's
-- campaign and utm_source; channel records have a campaign and no utm_source (kpid leaves
-- their spend and counters out of a utm_source segment).
--
-- Each part is one CTE: for each period p (a LATERAL subquery per period keeps each
-- aggregate right on top of its index range scan) it aggregates per group when $8, else
-- over the whole period (ch NULL). A part runs only when $9 names it: the gate
-- (SELECT '<part>' = ANY ($9::text[])) is evaluated once, before any scan. The final SELECT
-- unpivots the parts to rows (ord, ch, name, value) that kpid maps through libkpi.
WITH
-- The lead set: leads created in the period and by as_of, and the reaction of its valid
-- leads. A reaction counts for a valid lead contacted by as_of; "processed" is one answered
-- within the workspace's working day (480 minutes without settings).
lead_part AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT
            CASE $8::text WHEN 'channel' THEN l.channel WHEN 'campaign' THEN l.campaign
                WHEN 'utm_source' THEN l.utm_source END AS ch,
            count(*) AS leads,
            count(*) FILTER (WHERE l.valid) AS valid_leads,
            count(*) FILTER (WHERE l.valid AND l.is_sql) AS sql_leads,
            count(*) FILTER (WHERE l.valid AND l.is_brand) AS brand_leads,
            count(l.reaction_minutes)
                FILTER (WHERE l.valid AND l.first_contact_at <= $6) AS reaction_count,
            coalesce(sum(l.reaction_minutes)
                FILTER (WHERE l.valid AND l.first_contact_at <= $6), 0) AS reaction_sum,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY l.reaction_minutes)
                FILTER (WHERE (SELECT 'reaction_median' = ANY ($9::text[]))
                    AND l.valid AND l.first_contact_at <= $6) AS reaction_median,
            count(*) FILTER (WHERE l.valid AND l.first_contact_at <= $6
                AND l.reaction_minutes <= coalesce(
                    (SELECT workday_minutes FROM workspace_settings
                        WHERE workspace_id = $1::uuid),
                    480)) AS processed
        FROM leads l
        WHERE l.workspace_id = $1::uuid
            AND l.created_at >= p.s AND l.created_at < p.e AND l.created_at <= $6
            AND ($7::text[] IS NULL OR l.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR l.campaign = $10::text)
            AND ($11::text IS NULL OR l.utm_source = $11::text)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'lead_set' = ANY ($9::text[]))
),
-- Funnel step "contacted": valid leads of any creation date first contacted in the period,
-- by as_of.
contacted AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE $8::text WHEN 'channel' THEN l.channel WHEN 'campaign' THEN l.campaign
                WHEN 'utm_source' THEN l.utm_source END AS ch, count(*) AS n
        FROM leads l
        WHERE l.workspace_id = $1::uuid AND l.valid
            AND l.first_contact_at >= p.s AND l.first_contact_at < p.e
            AND l.first_contact_at <= $6
            AND ($7::text[] IS NULL OR l.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR l.campaign = $10::text)
            AND ($11::text IS NULL OR l.utm_source = $11::text)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'contacted' = ANY ($9::text[]))
),
-- Funnel step "meetings": valid leads of any creation date with a meeting in the period, by
-- as_of.
meetings AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE $8::text WHEN 'channel' THEN l.channel WHEN 'campaign' THEN l.campaign
                WHEN 'utm_source' THEN l.utm_source END AS ch, count(*) AS n
        FROM leads l
        WHERE l.workspace_id = $1::uuid AND l.valid
            AND l.meeting_at >= p.s AND l.meeting_at < p.e
            AND l.meeting_at <= $6
            AND ($7::text[] IS NULL OR l.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR l.campaign = $10::text)
            AND ($11::text IS NULL OR l.utm_source = $11::text)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'meetings' = ANY ($9::text[]))
),
-- Funnel step "proposals": valid leads of any creation date with a proposal in the period,
-- by as_of.
proposals AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE $8::text WHEN 'channel' THEN l.channel WHEN 'campaign' THEN l.campaign
                WHEN 'utm_source' THEN l.utm_source END AS ch, count(*) AS n
        FROM leads l
        WHERE l.workspace_id = $1::uuid AND l.valid
            AND l.proposal_at >= p.s AND l.proposal_at < p.e
            AND l.proposal_at <= $6
            AND ($7::text[] IS NULL OR l.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR l.campaign = $10::text)
            AND ($11::text IS NULL OR l.utm_source = $11::text)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'proposals' = ANY ($9::text[]))
),
-- Won deals closed in the period and by as_of, with or without a lead. A won deal is a new
-- client's when the sender says so, else when no won deal of the same client closed strictly
-- earlier (deals.first_of_client, kept by triggers). Each aggregate but the count takes rows
-- only when a KPI reads it (the median sorts its own).
deal_part AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT
            CASE $8::text WHEN 'channel' THEN d.channel WHEN 'campaign' THEN d.lead_campaign
                WHEN 'utm_source' THEN d.lead_utm_source END AS ch,
            count(*) AS won_deals,
            count(*)
                FILTER (WHERE (SELECT 'new_clients' = ANY ($9::text[]))
                    AND coalesce(d.is_new_client, d.first_of_client)) AS new_clients,
            count(*)
                FILTER (WHERE (SELECT 'new_clients' = ANY ($9::text[]))
                    AND NOT coalesce(d.is_new_client, d.first_of_client)) AS repeat_purchases,
            coalesce(sum(d.amount)
                FILTER (WHERE (SELECT 'new_clients' = ANY ($9::text[]))
                    AND coalesce(d.is_new_client, d.first_of_client)), 0) AS revenue_new,
            sum(d.amount)
                FILTER (WHERE (SELECT 'revenue' = ANY ($9::text[]))) AS revenue,
            coalesce(sum(d.gross_margin)
                FILTER (WHERE (SELECT 'margin' = ANY ($9::text[]))), 0) AS margin,
            count(*)
                FILTER (WHERE (SELECT 'margin' = ANY ($9::text[]))
                    AND d.gross_margin IS NULL) AS without_margin,
            percentile_cont(0.5) WITHIN GROUP
                (ORDER BY extract(epoch FROM d.closed_at - d.lead_created_at) / 86400)
                FILTER (WHERE (SELECT 'cycle_median' = ANY ($9::text[]))) AS cycle_median
        FROM deals d
        WHERE d.workspace_id = $1::uuid AND d.status = 'won'
            AND d.closed_at >= p.s AND d.closed_at < p.e AND d.closed_at <= $6
            AND ($7::text[] IS NULL OR d.channel = ANY ($7::text[]))
            AND ($10::text IS NULL OR d.lead_campaign = $10::text)
            AND ($11::text IS NULL OR d.lead_utm_source = $11::text)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'deals' = ANY ($9::text[]))
),
-- Clients: the distinct valid leads with a won deal closed in the period and by as_of, in the
-- groups of the won deals. A scan of its own, grouped by lead, which hashes where
-- count(DISTINCT) would sort.
clients_part AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT c.ch, count(*) FILTER (WHERE c.valid) AS clients
        FROM (
            SELECT
                CASE $8::text WHEN 'channel' THEN d.channel
                    WHEN 'campaign' THEN d.lead_campaign
                    WHEN 'utm_source' THEN d.lead_utm_source END AS ch,
                bool_or(d.lead_valid) AS valid
            FROM deals d
            WHERE d.workspace_id = $1::uuid AND d.status = 'won'
                AND d.closed_at >= p.s AND d.closed_at < p.e AND d.closed_at <= $6
                AND ($7::text[] IS NULL OR d.channel = ANY ($7::text[]))
                AND ($10::text IS NULL OR d.lead_campaign = $10::text)
                AND ($11::text IS NULL OR d.lead_utm_source = $11::text)
            GROUP BY 1, d.lead_id
        ) AS c
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'clients' = ANY ($9::text[]))
),
-- NPS answers in the period and by as_of. They have no channel, so none by channel.
nps_part AS (
    SELECT p.ord, a.*
    FROM unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])
        WITH ORDINALITY AS p(s, e, sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT
            NULL::text AS ch,
            count(*) AS responses,
            count(*) FILTER (WHERE r.score >= 9) AS promoters,
            count(*) FILTER (WHERE r.score <= 6) AS detractors
        FROM nps_responses r
        WHERE r.workspace_id = $1::uuid
            AND r.responded_at >= p.s AND r.responded_at < p.e AND r.responded_at <= $6
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'nps' = ANY ($9::text[])) AND $8::text IS NULL
)
-- The parts unpivoted to (ord, ch, measure name, value).
SELECT ord, ch, m.name, m.value
FROM lead_part
CROSS JOIN LATERAL (VALUES
    ('leads', leads::float8),
    ('valid_leads', valid_leads),
    ('sql_leads', sql_leads),
    ('brand_leads', brand_leads),
    ('reaction_count', reaction_count),
    ('reaction_minutes_sum', reaction_sum),
    ('reaction_minutes_median', reaction_median),
    ('processed_within_workday', processed)
) AS m(name, value)
UNION ALL
SELECT ord, ch, 'contacted', n FROM contacted
UNION ALL
SELECT ord, ch, 'meetings', n FROM meetings
UNION ALL
SELECT ord, ch, 'proposals', n FROM proposals
UNION ALL
SELECT ord, ch, m.name, m.value
FROM deal_part
CROSS JOIN LATERAL (VALUES
    ('won_deals', won_deals::float8),
    ('new_clients', new_clients),
    ('repeat_purchases', repeat_purchases),
    ('revenue', revenue::float8),
    ('revenue_new_clients', revenue_new::float8),
    ('gross_margin', margin::float8),
    ('deals_without_margin', without_margin),
    ('cycle_days_median', cycle_median)
) AS m(name, value)
UNION ALL
SELECT ord, ch, 'clients', clients FROM clients_part
UNION ALL
-- Channel records count by their own date, whatever the attribution.
SELECT * FROM channel_record_measures($1::uuid, $4::date[], $5::date[], $6::timestamptz,
    $7::text[], $8::text, $9::text[], $10::text, $12::text[])
UNION ALL
SELECT ord, ch, m.name, m.value
FROM nps_part
CROSS JOIN LATERAL (VALUES
    ('nps_responses', responses::float8),
    ('nps_promoters', promoters),
    ('nps_detractors', detractors)
) AS m(name, value);
