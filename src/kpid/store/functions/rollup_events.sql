-- The events a lead, a deal or an NPS answer adds to the rollups, with `sign` (1: the row is
-- added, -1: removed), mirroring the direct statements (src/kpid/store/sql/
-- measures_event_select.sql, measures_cohort_select.sql) part by part: a lead counts by its
-- creation, with the reaction of a valid lead once it is contacted (latest_at: the contact),
-- each funnel step of a valid lead by the step's time; a won deal by its close, under its
-- channel and its lead's campaign and utm_source, and a won deal of a valid lead as a client
-- under the day of the lead's previous won deal (step_at; migrations/0029_rollup_clients.sql);
-- a won deal of a lead also by its lead's month and close for cohorts
-- (migrations/0030_rollup_cohort_deals.sql); an NPS answer by its time, with no channel.
-- latest_at is the latest instant an event's value depends on; at_unit and step_unit truncate
-- the local dates (NULL: the day). Plain SQL functions, so the planner inlines them into the
-- statements that call them.

CREATE OR REPLACE FUNCTION rollup_lead_events(l leads, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT l.workspace_id, l.channel, l.campaign, l.utm_source, e.measure, e.at, e.value,
        sign, greatest(e.at, e.contact), NULL::timestamptz, NULL::text, NULL::text
    FROM (VALUES
        ('leads', l.created_at, 1::numeric, NULL::timestamptz, true),
        ('valid_leads', l.created_at, 1, NULL, l.valid),
        ('sql_leads', l.created_at, 1, NULL, l.valid AND l.is_sql),
        ('brand_leads', l.created_at, 1, NULL, l.valid AND l.is_brand),
        ('reaction_count', l.created_at, 1, l.first_contact_at,
            l.valid AND l.reaction_minutes IS NOT NULL AND l.first_contact_at IS NOT NULL),
        ('reaction_minutes_sum', l.created_at, l.reaction_minutes, l.first_contact_at,
            l.valid AND l.reaction_minutes IS NOT NULL AND l.first_contact_at IS NOT NULL),
        ('contacted', l.first_contact_at, 1, NULL, l.valid),
        ('meetings', l.meeting_at, 1, NULL, l.valid),
        ('proposals', l.proposal_at, 1, NULL, l.valid)
    ) AS e (measure, at, value, contact, counts)
    WHERE e.counts AND e.at IS NOT NULL
$$;

-- A won deal is a new client's when the sender says so, else by first_of_client; neither
-- known: neither new nor repeat (as the direct statement's filters). Each measure but the
-- clients is stored by the close (event attribution) and, for a deal of a lead, by the lead's
-- month with the close's month and with the close's day (cohorts); a cohort's close is taken
-- one microsecond early, so that a close at a local midnight falls on the day before.
CREATE OR REPLACE FUNCTION rollup_deal_events(d deals, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT d.workspace_id, d.channel, d.lead_campaign, d.lead_utm_source,
        e.measure || k.suffix, k.at, e.value, sign, k.latest_at, coalesce(k.step_at, e.step_at),
        k.at_unit, k.step_unit
    FROM (VALUES
        ('won_deals', 1::numeric, true, NULL::timestamptz, true),
        ('revenue', d.amount, true, NULL, true),
        ('gross_margin', d.gross_margin, d.gross_margin IS NOT NULL, NULL, true),
        ('deals_without_margin', 1, d.gross_margin IS NULL, NULL, true),
        ('new_clients', 1, coalesce(d.is_new_client, d.first_of_client), NULL, true),
        ('repeat_purchases', 1, NOT coalesce(d.is_new_client, d.first_of_client), NULL, true),
        ('revenue_new_clients', d.amount, coalesce(d.is_new_client, d.first_of_client), NULL,
            true),
        ('clients', 1, d.lead_valid, d.lead_prev_won_at, false),
        ('channel_clients', 1, d.lead_valid, d.channel_prev_won_at, false)
    ) AS e (measure, value, counts, step_at, by_cohort)
    CROSS JOIN LATERAL (VALUES
        ('', d.closed_at, NULL::text, NULL::timestamptz, NULL::text, d.closed_at, true),
        ('@close_month', d.lead_created_at, 'month', d.closed_at - interval '1 microsecond',
            'month', greatest(d.closed_at, d.lead_created_at),
            e.by_cohort AND d.lead_id IS NOT NULL),
        ('@close_day', d.closed_at - interval '1 microsecond', NULL, d.lead_created_at,
            'month', greatest(d.closed_at, d.lead_created_at),
            e.by_cohort AND d.lead_id IS NOT NULL)
    ) AS k (suffix, at, at_unit, step_at, step_unit, latest_at, counts)
    WHERE d.status = 'won' AND d.closed_at IS NOT NULL AND e.counts AND k.counts
        AND k.at IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION rollup_nps_events(r nps_responses, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT r.workspace_id, NULL::text, NULL::text, NULL::text, e.measure, r.responded_at,
        1::numeric, sign, r.responded_at, NULL::timestamptz, NULL::text, NULL::text
    FROM (VALUES
        ('nps_responses', true),
        ('nps_promoters', r.score >= 9),
        ('nps_detractors', r.score <= 6)
    ) AS e (measure, counts)
    WHERE e.counts
$$;

-- The time zone a workspace's local days are taken in.
CREATE OR REPLACE FUNCTION rollup_zone(ws uuid) RETURNS TABLE (tz text)
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT s.timezone FROM workspace_settings s WHERE s.workspace_id = ws),
                    'UTC')
$$;

-- The local date of an event's instant in zone tz, truncated to `unit` (NULL: the day). Each
-- argument is used once, so that the planner inlines the call even when tz is a subquery.
CREATE OR REPLACE FUNCTION rollup_local_date(at timestamptz, unit text, tz text) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc(coalesce(unit, 'day'), at AT TIME ZONE tz)::date
$$;
