-- The reporting schema: documented views for BI tools (Metabase, Power BI, Superset...), one
-- row meaning one thing, read by per-workspace login roles (`kpid reporting grant`). Each view
-- shows only the rows of the workspace mapped to current_user in reporting_roles: the views
-- read the base tables with their owner's rights (the roles hold SELECT on the views alone)
-- and are security barriers, so no function a role writes into its query sees another
-- workspace's rows.

CREATE TABLE reporting_roles (
    workspace_id uuid        PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    role_name    text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    rotated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE reporting_roles IS 'The database login role of each workspace that has one: the reporting views show it that workspace''s rows only';
COMMENT ON COLUMN reporting_roles.rotated_at IS 'When its password was last set';

CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'kpid''s data for BI tools: one view per thing, one row per item, the rows of the connecting role''s workspace only';

CREATE VIEW reporting.leads WITH (security_barrier) AS
SELECT l.id, l.source, l.external_id, l.channel, l.campaign, l.utm_source, l.utm_medium,
       l.region, l.created_at, l.valid, l.invalid_reason, l.duplicate_of, l.is_sql, l.is_brand,
       l.stage, l.first_contact_at, l.meeting_at, l.proposal_at, l.lost_at, l.lost_reason,
       l.reaction_minutes, l.erased_at IS NOT NULL AS erased
FROM leads l
WHERE l.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.leads IS 'One row per lead (the funnel''s first step); contact details are not shown';
COMMENT ON COLUMN reporting.leads.id IS 'The lead''s id in kpid';
COMMENT ON COLUMN reporting.leads.source IS 'The system that sent the lead (a CRM source name, or api)';
COMMENT ON COLUMN reporting.leads.external_id IS 'The lead''s id in that system';
COMMENT ON COLUMN reporting.leads.channel IS 'Marketing channel the lead came from';
COMMENT ON COLUMN reporting.leads.campaign IS 'Advertising campaign, when known';
COMMENT ON COLUMN reporting.leads.utm_source IS 'utm_source of the landing, when known';
COMMENT ON COLUMN reporting.leads.utm_medium IS 'utm_medium of the landing, when known';
COMMENT ON COLUMN reporting.leads.region IS 'The lead''s region, when known';
COMMENT ON COLUMN reporting.leads.created_at IS 'When the lead arrived: the time every lead KPI counts it by';
COMMENT ON COLUMN reporting.leads.valid IS 'Whether the lead counts as a valid (target) lead';
COMMENT ON COLUMN reporting.leads.invalid_reason IS 'Why it is not valid (spam, not target, duplicate...)';
COMMENT ON COLUMN reporting.leads.duplicate_of IS 'The earlier lead with the same phone or e-mail it duplicates, if any';
COMMENT ON COLUMN reporting.leads.is_sql IS 'Sales-qualified lead';
COMMENT ON COLUMN reporting.leads.is_brand IS 'Came through a brand (branded search) channel';
COMMENT ON COLUMN reporting.leads.stage IS 'Latest funnel step reached: new, contacted, meeting, proposal, won, lost';
COMMENT ON COLUMN reporting.leads.first_contact_at IS 'First contact by sales';
COMMENT ON COLUMN reporting.leads.meeting_at IS 'Meeting held';
COMMENT ON COLUMN reporting.leads.proposal_at IS 'Proposal sent';
COMMENT ON COLUMN reporting.leads.lost_at IS 'When the lead was lost';
COMMENT ON COLUMN reporting.leads.lost_reason IS 'Why it was lost';
COMMENT ON COLUMN reporting.leads.reaction_minutes IS 'Working minutes from arrival to first contact, by the workspace calendar';
COMMENT ON COLUMN reporting.leads.erased IS 'Personal data erased on request; the lead still counts';

CREATE VIEW reporting.deals WITH (security_barrier) AS
SELECT d.id, d.source, d.external_id, d.lead_id, d.client_ref, d.channel, d.status, d.amount,
       d.gross_margin, d.created_at, d.closed_at,
       CASE WHEN d.status = 'won' THEN coalesce(d.is_new_client, d.first_of_client) END
           AS new_client
FROM deals d
WHERE d.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.deals IS 'One row per deal; won deals are the funnel''s last step';
COMMENT ON COLUMN reporting.deals.id IS 'The deal''s id in kpid';
COMMENT ON COLUMN reporting.deals.source IS 'The system that sent the deal';
COMMENT ON COLUMN reporting.deals.external_id IS 'The deal''s id in that system';
COMMENT ON COLUMN reporting.deals.lead_id IS 'The lead it came from (reporting.leads.id), if known';
COMMENT ON COLUMN reporting.deals.client_ref IS 'The client as the CRM names it';
COMMENT ON COLUMN reporting.deals.channel IS 'The deal''s channel (its lead''s when the CRM gives none)';
COMMENT ON COLUMN reporting.deals.status IS 'open, won or lost';
COMMENT ON COLUMN reporting.deals.amount IS 'Deal amount in the workspace currency';
COMMENT ON COLUMN reporting.deals.gross_margin IS 'Gross margin in the workspace currency, when known';
COMMENT ON COLUMN reporting.deals.created_at IS 'When the deal was opened';
COMMENT ON COLUMN reporting.deals.closed_at IS 'When it was won or lost';
COMMENT ON COLUMN reporting.deals.new_client IS 'A won deal that is its client''s first (a new client); null unless won';

CREATE VIEW reporting.channel_days WITH (security_barrier) AS
SELECT s.date AS day, s.channel, nullif(s.campaign, '') AS campaign, s.amount AS spend, s.note
FROM spend s
WHERE s.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.channel_days IS 'One row per day, channel and campaign: marketing spend';
COMMENT ON COLUMN reporting.channel_days.day IS 'The day (workspace calendar)';
COMMENT ON COLUMN reporting.channel_days.channel IS 'Marketing channel';
COMMENT ON COLUMN reporting.channel_days.campaign IS 'Campaign; null for the channel as a whole';
COMMENT ON COLUMN reporting.channel_days.spend IS 'Money spent that day, in the workspace currency';
COMMENT ON COLUMN reporting.channel_days.note IS 'Free note sent with the spend';

CREATE VIEW reporting.periods WITH (security_barrier) AS
SELECT p.id AS period, p.kind, p.start_date, p.end_date, p.closed_at IS NOT NULL AS closed,
       p.closed_at,
       CASE WHEN p.closed_at IS NOT NULL THEN s.as_of ELSE pr.as_of END AS results_as_of,
       CASE WHEN p.closed_at IS NOT NULL THEN s.as_of IS NOT NULL
            WHEN pr.results IS NOT NULL THEN period_results_fresh(pr, p) END AS results_fresh
FROM periods p
LEFT JOIN period_results pr ON pr.workspace_id = p.workspace_id AND pr.period_id = p.id
LEFT JOIN period_snapshots s ON s.workspace_id = p.workspace_id AND s.period_id = p.id
WHERE p.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.periods IS 'One row per review period kpid knows (asked for, closed, or given targets)';
COMMENT ON COLUMN reporting.periods.period IS 'The period id: 2025-01 (month), 2025-Q1 (quarter), 2025 (year)';
COMMENT ON COLUMN reporting.periods.kind IS 'month, quarter or year';
COMMENT ON COLUMN reporting.periods.start_date IS 'First day (workspace calendar)';
COMMENT ON COLUMN reporting.periods.end_date IS 'The day after the last one';
COMMENT ON COLUMN reporting.periods.closed IS 'Closed: its results are frozen (payouts are paid on them)';
COMMENT ON COLUMN reporting.periods.closed_at IS 'When it was closed';
COMMENT ON COLUMN reporting.periods.results_as_of IS 'The moment its results in kpi_results and scorecard_results were computed for; null before the first computation';
COMMENT ON COLUMN reporting.periods.results_fresh IS 'Its stored results include every write so far (false: a refresh is due within the refresh interval); always true once closed';

-- Stored results of open periods and snapshots of closed ones, whichever is the period's truth.
CREATE VIEW reporting.kpi_results WITH (security_barrier) AS
SELECT p.id AS period, p.kind AS period_kind, p.start_date AS period_start,
       p.end_date AS period_end, e ->> 'kpi' AS kpi, e ->> 'name' AS kpi_name,
       e ->> 'owner' AS owner, e ->> 'unit' AS unit,
       (e ->> 'fact')::double precision AS fact,
       (e #>> '{target,base}')::double precision AS target_base,
       (e #>> '{target,plan}')::double precision AS target_plan,
       (e #>> '{target,stretch}')::double precision AS target_stretch,
       (e ->> 'attainment')::double precision AS attainment, e ->> 'status' AS status,
       e ->> 'maturity' AS maturity, (e ->> 'matures_on')::date AS matures_on,
       (e #>> '{previous,fact}')::double precision AS previous_fact, s.as_of, s.computed_at,
       s.closed
FROM (SELECT workspace_id, period_id, as_of, computed_at, results::jsonb, false AS closed
      FROM period_results WHERE results IS NOT NULL
      UNION ALL
      SELECT workspace_id, period_id, as_of, taken_at, results, true FROM period_snapshots) s
JOIN periods p ON p.workspace_id = s.workspace_id AND p.id = s.period_id
    AND (p.closed_at IS NOT NULL) = s.closed
CROSS JOIN LATERAL jsonb_array_elements(s.results) e
WHERE s.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.kpi_results IS 'One row per KPI and period kpid has answered: the numbers of GET /v1/periods/{id}/results (frozen once the period is closed)';
COMMENT ON COLUMN reporting.kpi_results.period IS 'The period id (reporting.periods.period)';
COMMENT ON COLUMN reporting.kpi_results.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN reporting.kpi_results.period_start IS 'First day of the period';
COMMENT ON COLUMN reporting.kpi_results.period_end IS 'The day after its last one';
COMMENT ON COLUMN reporting.kpi_results.kpi IS 'The KPI code (reporting.kpis.kpi)';
COMMENT ON COLUMN reporting.kpi_results.kpi_name IS 'The KPI''s name';
COMMENT ON COLUMN reporting.kpi_results.owner IS 'marketing, sales or shared';
COMMENT ON COLUMN reporting.kpi_results.unit IS 'Unit of fact and targets (count, money, percent, ratio, minutes, days, score)';
COMMENT ON COLUMN reporting.kpi_results.fact IS 'The KPI''s value in the period; null when there is no data';
COMMENT ON COLUMN reporting.kpi_results.target_base IS 'Base level: below it the scorecard item pays nothing';
COMMENT ON COLUMN reporting.kpi_results.target_plan IS 'Plan';
COMMENT ON COLUMN reporting.kpi_results.target_stretch IS 'Stretch level';
COMMENT ON COLUMN reporting.kpi_results.attainment IS 'fact / plan (plan / fact when lower is better); 1 = plan met';
COMMENT ON COLUMN reporting.kpi_results.status IS 'no_data, no_target, below_base, below_plan, met or exceeded';
COMMENT ON COLUMN reporting.kpi_results.maturity IS 'final, or provisional while late deals may still count';
COMMENT ON COLUMN reporting.kpi_results.matures_on IS 'The day the result becomes final';
COMMENT ON COLUMN reporting.kpi_results.previous_fact IS 'The fact of the previous period of the same kind';
COMMENT ON COLUMN reporting.kpi_results.as_of IS 'The moment the numbers were computed for';
COMMENT ON COLUMN reporting.kpi_results.computed_at IS 'When kpid computed (or, closed, froze) them';
COMMENT ON COLUMN reporting.kpi_results.closed IS 'The period is closed: these are its frozen numbers';

CREATE VIEW reporting.scorecard_results WITH (security_barrier) AS
SELECT p.id AS period, p.kind AS period_kind, p.start_date AS period_start,
       p.end_date AS period_end, c ->> 'scorecard' AS scorecard, c ->> 'name' AS scorecard_name,
       i ->> 'kpi' AS kpi, (i ->> 'weight')::double precision AS weight,
       (i ->> 'fact')::double precision AS fact, (i ->> 'plan')::double precision AS plan,
       (i ->> 'attainment')::double precision AS attainment,
       (i ->> 'capped_attainment')::double precision AS capped_attainment,
       (i ->> 'index')::double precision AS index,
       (i ->> 'item_bonus')::double precision AS item_bonus, i ->> 'status' AS status,
       (c ->> 'total')::double precision AS scorecard_total,
       (c ->> 'fixed_pay')::double precision AS fixed_pay,
       (c ->> 'bonus_base')::double precision AS bonus_base,
       (c ->> 'bonus')::double precision AS bonus, (c ->> 'payout')::double precision AS payout,
       s.as_of, s.computed_at, s.closed
FROM (SELECT workspace_id, period_id, as_of, computed_at, scorecards::jsonb, false AS closed
      FROM period_results WHERE scorecards IS NOT NULL
      UNION ALL
      SELECT workspace_id, period_id, as_of, taken_at, scorecards, true FROM period_snapshots) s
JOIN periods p ON p.workspace_id = s.workspace_id AND p.id = s.period_id
    AND (p.closed_at IS NOT NULL) = s.closed
CROSS JOIN LATERAL jsonb_array_elements(s.scorecards) c
CROSS JOIN LATERAL jsonb_array_elements(c -> 'items') i
WHERE s.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.scorecard_results IS 'One row per scorecard item and period: the item''s score and, repeated on each item, the scorecard''s total, bonus and payout (GET /v1/periods/{id}/scorecards)';
COMMENT ON COLUMN reporting.scorecard_results.period IS 'The period id';
COMMENT ON COLUMN reporting.scorecard_results.period_kind IS 'month, quarter or year';
COMMENT ON COLUMN reporting.scorecard_results.period_start IS 'First day of the period';
COMMENT ON COLUMN reporting.scorecard_results.period_end IS 'The day after its last one';
COMMENT ON COLUMN reporting.scorecard_results.scorecard IS 'The scorecard code';
COMMENT ON COLUMN reporting.scorecard_results.scorecard_name IS 'Its name (e.g. the role it pays)';
COMMENT ON COLUMN reporting.scorecard_results.kpi IS 'The item''s KPI code';
COMMENT ON COLUMN reporting.scorecard_results.weight IS 'The item''s weight; a scorecard''s weights sum to 1';
COMMENT ON COLUMN reporting.scorecard_results.fact IS 'The KPI''s fact';
COMMENT ON COLUMN reporting.scorecard_results.plan IS 'The KPI''s plan';
COMMENT ON COLUMN reporting.scorecard_results.attainment IS 'fact against plan; 1 = plan met';
COMMENT ON COLUMN reporting.scorecard_results.capped_attainment IS 'Attainment after the base gate (0 below base) and the cap (max_attainment)';
COMMENT ON COLUMN reporting.scorecard_results.index IS 'weight x capped attainment';
COMMENT ON COLUMN reporting.scorecard_results.item_bonus IS 'bonus_base x index, in money';
COMMENT ON COLUMN reporting.scorecard_results.status IS 'The item''s KPI status';
COMMENT ON COLUMN reporting.scorecard_results.scorecard_total IS 'Sum of the items'' indexes';
COMMENT ON COLUMN reporting.scorecard_results.fixed_pay IS 'The scorecard''s fixed pay';
COMMENT ON COLUMN reporting.scorecard_results.bonus_base IS 'The bonus paid at a total of 1';
COMMENT ON COLUMN reporting.scorecard_results.bonus IS 'bonus_base x scorecard_total';
COMMENT ON COLUMN reporting.scorecard_results.payout IS 'fixed_pay + bonus';
COMMENT ON COLUMN reporting.scorecard_results.as_of IS 'The moment the numbers were computed for';
COMMENT ON COLUMN reporting.scorecard_results.computed_at IS 'When kpid computed (or, closed, froze) them';
COMMENT ON COLUMN reporting.scorecard_results.closed IS 'The period is closed: these are its frozen numbers';

CREATE VIEW reporting.kpis WITH (security_barrier) AS
SELECT k.code AS kpi, k.name, k.owner, k.level, k.metric, k.formula, k.manual, k.unit,
       k.direction, k.granularity, k.attribution, k.lag_days, k.channels,
       k.target_base AS default_target_base, k.target_plan AS default_target_plan,
       k.target_stretch AS default_target_stretch, k.description
FROM kpis k
WHERE k.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.kpis IS 'One row per KPI definition';
COMMENT ON COLUMN reporting.kpis.kpi IS 'The KPI code';
COMMENT ON COLUMN reporting.kpis.name IS 'Its name';
COMMENT ON COLUMN reporting.kpis.owner IS 'marketing, sales or shared';
COMMENT ON COLUMN reporting.kpis.level IS 'primary or secondary';
COMMENT ON COLUMN reporting.kpis.metric IS 'The catalogue metric it measures, if any';
COMMENT ON COLUMN reporting.kpis.formula IS 'Its own formula over measures, if any';
COMMENT ON COLUMN reporting.kpis.manual IS 'Its fact is entered by hand each period';
COMMENT ON COLUMN reporting.kpis.unit IS 'Unit of its fact';
COMMENT ON COLUMN reporting.kpis.direction IS 'higher_is_better or lower_is_better';
COMMENT ON COLUMN reporting.kpis.granularity IS 'month, quarter or year';
COMMENT ON COLUMN reporting.kpis.attribution IS 'event (counted when it happens) or cohort (counted with the leads of the period)';
COMMENT ON COLUMN reporting.kpis.lag_days IS 'Days after the period end its results keep maturing';
COMMENT ON COLUMN reporting.kpis.channels IS 'The channels it counts; null: all';
COMMENT ON COLUMN reporting.kpis.default_target_base IS 'Base level for periods without a target of their own';
COMMENT ON COLUMN reporting.kpis.default_target_plan IS 'Plan for periods without a target of their own';
COMMENT ON COLUMN reporting.kpis.default_target_stretch IS 'Stretch level for periods without a target of their own';
COMMENT ON COLUMN reporting.kpis.description IS 'Free description';
