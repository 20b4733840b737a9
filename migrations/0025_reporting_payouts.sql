-- reporting.payouts: the payout statements of closed periods, one row per person and period,
-- as frozen at closing (what payroll was handed). Open periods' statements change with every
-- write and are read live from GET /v1/periods/{id}/payouts.
CREATE VIEW reporting.payouts WITH (security_barrier) AS
SELECT p.period_id AS period, p.person_code AS person, s ->> 'name' AS name,
       s ->> 'department' AS department, s ->> 'scorecard' AS scorecard,
       (s ->> 'plan_version')::integer AS plan_version,
       (s ->> 'tenure_month')::integer AS tenure_month,
       (s ->> 'fixed_share')::numeric AS fixed_share, (s ->> 'total')::numeric AS total_index,
       (s ->> 'fixed_pay')::numeric(16,2) AS fixed_pay, (s ->> 'bonus_base')::numeric(16,2) AS bonus_base,
       (s ->> 'would_be_bonus')::numeric(16,2) AS would_be_bonus, (s ->> 'bonus')::numeric(16,2) AS bonus,
       (s ->> 'payout')::numeric(16,2) AS payout, (s ->> 'pilot')::boolean AS pilot,
       s ->> 'pilot_reason' AS pilot_reason, s ->> 'maturity' AS maturity,
       p.frozen_at
FROM period_payouts p
CROSS JOIN LATERAL (SELECT p.statement) AS st (s)
WHERE p.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.payouts IS 'One row per person and closed period: the payout statement frozen when the period was closed';
COMMENT ON COLUMN reporting.payouts.period IS 'The closed period (2025-01, 2025-Q1)';
COMMENT ON COLUMN reporting.payouts.person IS 'The person''s code';
COMMENT ON COLUMN reporting.payouts.name IS 'The person''s name';
COMMENT ON COLUMN reporting.payouts.department IS 'marketing, sales or the workspace''s own name for it';
COMMENT ON COLUMN reporting.payouts.scorecard IS 'The scorecard the person was paid by';
COMMENT ON COLUMN reporting.payouts.plan_version IS 'The pay plan version in force at the period''s end';
COMMENT ON COLUMN reporting.payouts.tenure_month IS 'Months of tenure at the period''s end (1: the month of hiring)';
COMMENT ON COLUMN reporting.payouts.fixed_share IS 'Share of the pay that is fixed, 0-1';
COMMENT ON COLUMN reporting.payouts.total_index IS 'The scorecard''s total index (weighted capped attainment)';
COMMENT ON COLUMN reporting.payouts.fixed_pay IS 'Fixed pay of the period, prorated for days employed';
COMMENT ON COLUMN reporting.payouts.bonus_base IS 'Bonus paid at a total index of 1';
COMMENT ON COLUMN reporting.payouts.would_be_bonus IS 'The bonus the index earns, paid or not (a pilot pays none)';
COMMENT ON COLUMN reporting.payouts.bonus IS 'The bonus paid';
COMMENT ON COLUMN reporting.payouts.payout IS 'fixed_pay + bonus, in the workspace currency';
COMMENT ON COLUMN reporting.payouts.pilot IS 'A pilot: KPIs computed, no bonus paid';
COMMENT ON COLUMN reporting.payouts.pilot_reason IS 'Why no bonus is paid, for a pilot';
COMMENT ON COLUMN reporting.payouts.maturity IS 'final, or provisional when it rests on a cohort result still maturing';
COMMENT ON COLUMN reporting.payouts.frozen_at IS 'When the statement was frozen (the period''s closing)';
