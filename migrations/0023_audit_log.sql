-- The audit trail: every change to KPIs, targets, manual facts, scorecards, people, pay plans,
-- settings and periods, written by triggers (src/kpid/store/functions/audit.sql) so no write
-- path can skip it, and append-only.

CREATE TABLE audit_log (
    workspace_id uuid        NOT NULL,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    key_id       uuid,
    key_name     text,
    entity       text        NOT NULL CHECK (entity IN ('kpi', 'target', 'manual_fact',
                                 'scorecard', 'person', 'pay_plan', 'settings', 'period')),
    code         text,
    action       text        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before       jsonb,
    after        jsonb,
    PRIMARY KEY (workspace_id, id)
);
COMMENT ON TABLE audit_log IS 'Who changed which definition when, with the row before and after; rows are never updated or deleted';
COMMENT ON COLUMN audit_log.at IS 'When the row changed (clock time, so the entries of one transaction keep their order)';
COMMENT ON COLUMN audit_log.key_id IS 'The API key of the write (transaction setting kpid.key_id); NULL for the operator CLI';
COMMENT ON COLUMN audit_log.key_name IS 'The key''s name at the time of the change';
COMMENT ON COLUMN audit_log.code IS 'The changed row''s key: a KPI, scorecard or person code, a period id, period/kpi for targets and facts';
CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity, code, at);
CREATE INDEX audit_log_at ON audit_log (workspace_id, at, id);
