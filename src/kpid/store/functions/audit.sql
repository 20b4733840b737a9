-- The audit trail's writers and its guard. audit_row(entity, key columns...) runs after each
-- row change of an audited table and appends the row before and after (as JSON, without the
-- workspace id) with the API key the write transaction named in kpid.key_id; an update that
-- changes nothing is not recorded. audit_log_append_only refuses to change or remove entries.
CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before_doc jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'workspace_id' END;
    after_doc jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'workspace_id' END;
    ws uuid := coalesce(to_jsonb(NEW), to_jsonb(OLD)) ->> 'workspace_id';
    key uuid := nullif(current_setting('kpid.key_id', true), '')::uuid;
    row_code text;
BEGIN
    IF TG_OP = 'UPDATE' AND before_doc - 'updated_at' = after_doc - 'updated_at' THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(coalesce(after_doc, before_doc) ->> col, '/' ORDER BY n)
    INTO row_code
    FROM unnest(TG_ARGV[1:TG_NARGS - 1]) WITH ORDINALITY AS c (col, n);
    INSERT INTO audit_log (workspace_id, key_id, key_name, entity, code, action, before, after)
    VALUES (ws, key, (SELECT name FROM api_keys WHERE id = key), TG_ARGV[0], row_code,
        CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
        before_doc, after_doc);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;

CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE OR REPLACE TRIGGER audit_kpis AFTER INSERT OR UPDATE OR DELETE ON kpis
    FOR EACH ROW EXECUTE FUNCTION audit_row('kpi', 'code');
CREATE OR REPLACE TRIGGER audit_targets AFTER INSERT OR UPDATE OR DELETE ON targets
    FOR EACH ROW EXECUTE FUNCTION audit_row('target', 'period_id', 'kpi_code');
CREATE OR REPLACE TRIGGER audit_manual_facts AFTER INSERT OR UPDATE OR DELETE ON manual_facts
    FOR EACH ROW EXECUTE FUNCTION audit_row('manual_fact', 'period_id', 'kpi_code');
CREATE OR REPLACE TRIGGER audit_scorecards AFTER INSERT OR UPDATE OR DELETE ON scorecards
    FOR EACH ROW EXECUTE FUNCTION audit_row('scorecard', 'code');
CREATE OR REPLACE TRIGGER audit_people AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION audit_row('person', 'code');
CREATE OR REPLACE TRIGGER audit_pay_plans AFTER INSERT OR UPDATE OR DELETE ON pay_plans
    FOR EACH ROW EXECUTE FUNCTION audit_row('pay_plan', 'person_code', 'version');
CREATE OR REPLACE TRIGGER audit_settings AFTER INSERT OR UPDATE OR DELETE ON workspace_settings
    FOR EACH ROW EXECUTE FUNCTION audit_row('settings');
CREATE OR REPLACE TRIGGER audit_periods AFTER INSERT OR UPDATE OR DELETE ON periods
    FOR EACH ROW EXECUTE FUNCTION audit_row('period', 'id');
CREATE OR REPLACE TRIGGER audit_pilot_periods AFTER INSERT OR UPDATE OR DELETE ON pilot_periods
    FOR EACH ROW EXECUTE FUNCTION audit_row('period', 'period_id');
