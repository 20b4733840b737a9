-- The events a lead, a deal or an NPS answer adds to the rollups, with `sign` (1: the row is
-- added, -1: removed), mirroring the direct statement (src/kpid/store/sql/
-- measures_event_select.sql) part by part: a lead counts by its creation, with the reaction
-- of a valid lead once it is contacted (latest_at: the contact), each funnel step of a valid
-- lead by the step's time; a won deal by its close, under its channel and its lead's campaign
-- and utm_source, and a won deal of a valid lead as a client under the day of the lead's
-- previous won deal (step_at; migrations/0029_rollup_clients.sql); an NPS answer by its time,
-- with no channel. latest_at is the latest instant an event's value depends on. Plain SQL
-- functions, so the planner inlines them into the statements that call them.

CREATE OR REPLACE FUNCTION rollup_lead_events(l leads, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT l.workspace_id, l.channel, l.campaign, l.utm_source, e.measure, e.at, e.value,
        sign, greatest(e.at, e.contact), NULL::timestamptz
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
-- known: neither new nor repeat (as the direct statement's filters).
CREATE OR REPLACE FUNCTION rollup_deal_events(d deals, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT d.workspace_id, d.channel, d.lead_campaign, d.lead_utm_source, e.measure,
        d.closed_at, e.value, sign, d.closed_at, e.step_at
    FROM (VALUES
        ('won_deals', 1::numeric, true, NULL::timestamptz),
        ('revenue', d.amount, true, NULL),
        ('gross_margin', d.gross_margin, d.gross_margin IS NOT NULL, NULL),
        ('deals_without_margin', 1, d.gross_margin IS NULL, NULL),
        ('new_clients', 1, coalesce(d.is_new_client, d.first_of_client), NULL),
        ('repeat_purchases', 1, NOT coalesce(d.is_new_client, d.first_of_client), NULL),
        ('revenue_new_clients', d.amount, coalesce(d.is_new_client, d.first_of_client), NULL),
        ('clients', 1, d.lead_valid, d.lead_prev_won_at),
        ('channel_clients', 1, d.lead_valid, d.channel_prev_won_at)
    ) AS e (measure, value, counts, step_at)
    WHERE d.status = 'won' AND d.closed_at IS NOT NULL AND e.counts
$$;

CREATE OR REPLACE FUNCTION rollup_nps_events(r nps_responses, sign integer)
RETURNS SETOF rollup_event LANGUAGE sql IMMUTABLE AS $$
    SELECT r.workspace_id, NULL::text, NULL::text, NULL::text, e.measure, r.responded_at,
        1::numeric, sign, r.responded_at, NULL::timestamptz
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
