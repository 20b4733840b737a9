-- The measures of channel records for a list of periods (docs/kpi-semantics.md section 8):
-- spend, the platforms' counters, follower levels and free counters, as rows (ord, ch, name,
-- value) like the rest of measures_event_select and measures_cohort_select, which both call
-- it: channel records count by their own date whatever the KPI's attribution.
--
-- start_dates/end_dates: the periods' local first day and first day after (one element per
-- period); as_of: the moment (records count up to its local date in the workspace time
-- zone); channel_filter: NULL = every channel; group_by: 'channel', 'campaign', or NULL (a
-- 'utm_source' grouping has no key in channel records); wanted_parts: which of 'spend',
-- 'channel_stats', 'followers' to compute; campaign_filter: NULL = every campaign;
-- counter_names: the free counters to sum (NULL = none). The names are the arguments'
-- own: in a SQL function a column of the same name would take precedence.
CREATE OR REPLACE FUNCTION channel_record_measures(
    ws uuid, start_dates date[], end_dates date[], as_of timestamptz, channel_filter text[],
    group_by text, wanted_parts text[], campaign_filter text, counter_names text[])
RETURNS TABLE (ord bigint, ch text, name text, value float8)
LANGUAGE sql STABLE AS $$
WITH
as_of_day AS (
    SELECT (as_of AT TIME ZONE coalesce(
        (SELECT timezone FROM workspace_settings WHERE workspace_id = ws), 'UTC'))::date AS day
),
-- Spend dated in the period, up to as_of's local date in the workspace time zone: the channel
-- records that carry one (a record of counters only is no spend, and no channel of its own).
spend_part AS (
    SELECT p.ord, a.*
    FROM unnest(start_dates, end_dates)
        WITH ORDINALITY AS p(sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT
            CASE group_by WHEN 'channel' THEN s.channel
                WHEN 'campaign' THEN nullif(s.campaign, '') END AS ch,
            sum(s.spend) AS spend
        FROM channel_stats s
        WHERE s.workspace_id = ws AND s.spend IS NOT NULL
            AND s.date >= p.sd AND s.date < p.ed
            AND s.date <= (SELECT day FROM as_of_day)
            AND (channel_filter IS NULL OR s.channel = ANY (channel_filter))
            AND (campaign_filter IS NULL OR s.campaign = campaign_filter)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'spend' = ANY (wanted_parts))
),
-- Channel record counters dated in the period, up to as_of's local date (section 8): sums.
channel_part AS (
    SELECT p.ord, a.*
    FROM unnest(start_dates, end_dates)
        WITH ORDINALITY AS p(sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE group_by WHEN 'channel' THEN c.channel
                WHEN 'campaign' THEN nullif(c.campaign, '') END AS ch,
            coalesce(sum(c.impressions), 0) AS impressions,
            coalesce(sum(c.clicks), 0) AS clicks,
            coalesce(sum(c.sessions), 0) AS sessions,
            coalesce(sum(c.bounces), 0) AS bounces,
            coalesce(sum(c.reach), 0) AS reach,
            coalesce(sum(c.engagements), 0) AS engagements,
            coalesce(sum(c.emails_sent), 0) AS emails_sent,
            coalesce(sum(c.emails_delivered), 0) AS emails_delivered,
            coalesce(sum(c.emails_opened), 0) AS emails_opened,
            coalesce(sum(c.email_clicks), 0) AS email_clicks,
            coalesce(sum(c.unsubscribes), 0) AS unsubscribes,
            coalesce(sum(c.conversions), 0) AS conversions
        FROM channel_stats c
        WHERE c.workspace_id = ws
            AND c.date >= p.sd AND c.date < p.ed
            AND c.date <= (SELECT day FROM as_of_day)
            AND (channel_filter IS NULL OR c.channel = ANY (channel_filter))
            AND (campaign_filter IS NULL OR c.campaign = campaign_filter)
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'channel_stats' = ANY (wanted_parts))
),
-- Followers are a level (section 8): per channel, the followers of its latest record that
-- has them dated on or before the day (and as_of's local date); on a day with several
-- campaigns the channel-wide one (campaign '') wins, else the first by name. The day is the
-- period's last day (followers_end) and the previous period's last day, the day before the
-- period starts (followers_prev_end). NULL when no channel has a level.
followers_part AS (
    SELECT p.ord, a.*
    FROM unnest(start_dates, end_dates)
        WITH ORDINALITY AS p(sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE group_by WHEN 'channel' THEN l.channel
                WHEN 'campaign' THEN nullif(l.campaign, '') END AS ch,
            sum(l.followers) FILTER (WHERE l.at_end) AS followers_end,
            sum(l.followers) FILTER (WHERE NOT l.at_end) AS followers_prev_end
        FROM (
            SELECT DISTINCT ON (d.at_end, c.channel) d.at_end, c.channel, c.campaign, c.followers
            FROM (VALUES (true, p.ed - 1), (false, p.sd - 1)) AS d(at_end, day)
            JOIN channel_stats c ON c.workspace_id = ws
                AND c.followers IS NOT NULL
                AND c.date <= d.day
                AND c.date <= (SELECT day FROM as_of_day)
                AND (channel_filter IS NULL OR c.channel = ANY (channel_filter))
                AND (campaign_filter IS NULL OR c.campaign = campaign_filter)
            ORDER BY d.at_end, c.channel, c.date DESC, c.campaign
        ) AS l
        GROUP BY 1
    ) AS a
    WHERE (SELECT 'followers' = ANY (wanted_parts))
),
-- Free counters (counter_names: text[] of names, NULL = none) of channel records dated in the period,
-- up to as_of's local date: the sum of each name's values, 0 where no record has it.
counter_part AS (
    SELECT p.ord, a.*
    FROM unnest(start_dates, end_dates)
        WITH ORDINALITY AS p(sd, ed, ord)
    CROSS JOIN LATERAL (
        SELECT CASE group_by WHEN 'channel' THEN c.channel
                WHEN 'campaign' THEN nullif(c.campaign, '') END AS ch, k.name,
            coalesce(sum((c.counters ->> k.name)::numeric), 0) AS value
        FROM channel_stats c
        CROSS JOIN (SELECT DISTINCT name FROM unnest(counter_names) AS n(name)) AS k
        WHERE c.workspace_id = ws
            AND c.date >= p.sd AND c.date < p.ed
            AND c.date <= (SELECT day FROM as_of_day)
            AND (channel_filter IS NULL OR c.channel = ANY (channel_filter))
            AND (campaign_filter IS NULL OR c.campaign = campaign_filter)
        GROUP BY 1, 2
    ) AS a
    WHERE counter_names IS NOT NULL
)
SELECT ord, ch, 'spend', spend::float8 FROM spend_part
UNION ALL
SELECT ord, ch, m.name, m.value
FROM channel_part
CROSS JOIN LATERAL (VALUES
    ('impressions', impressions::float8),
    ('clicks', clicks::float8),
    ('sessions', sessions::float8),
    ('bounces', bounces::float8),
    ('reach', reach::float8),
    ('engagements', engagements::float8),
    ('emails_sent', emails_sent::float8),
    ('emails_delivered', emails_delivered::float8),
    ('emails_opened', emails_opened::float8),
    ('email_clicks', email_clicks::float8),
    ('unsubscribes', unsubscribes::float8),
    ('conversions', conversions::float8)
) AS m(name, value)
UNION ALL
SELECT ord, ch, m.name, m.value
FROM followers_part
CROSS JOIN LATERAL (VALUES
    ('followers_end', followers_end::float8),
    ('followers_prev_end', followers_prev_end::float8)
) AS m(name, value)
UNION ALL
SELECT ord, ch, 'counter.' || name, value::float8 FROM counter_part
$$;
