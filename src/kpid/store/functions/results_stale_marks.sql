-- Marking stored results stale on write. Every write statement of a table that results read
-- records the days it touched (as UTC dates; readers allow a day either way for the workspace
-- time zone) in results_stale_marks with its transaction id: one statement per statement
-- (transition tables), on rows of its own session, so no writer ever waits for another here.

-- Marks (workspace, day) pairs given as two parallel arrays.
CREATE OR REPLACE FUNCTION results_mark(ws uuid[], days timestamptz[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO results_stale_marks AS m (workspace_id, day, backend, xid)
    SELECT DISTINCT w, CASE WHEN d = 'infinity' THEN 'infinity'::date
                            ELSE (d AT TIME ZONE 'UTC')::date END,
           pg_backend_pid(), pg_current_xact_id()
    FROM unnest(ws, days) AS u (w, d)
    WHERE d IS NOT NULL
    ON CONFLICT (workspace_id, day, backend)
        DO UPDATE SET xid = excluded.xid, marked_at = excluded.marked_at
$$;

-- The trigger: `changed` holds the rows written (the old ones for DELETE; an UPDATE fires it
-- twice, with the old rows and with the new). Its arguments name the columns whose days the
-- results depend on; without any, a definition changed: every day is marked ('infinity').
CREATE OR REPLACE FUNCTION results_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_NARGS = 0 THEN
        PERFORM results_mark(array_agg(w), array_agg('infinity'::timestamptz))
        FROM (SELECT DISTINCT r.workspace_id FROM changed r) AS d (w);
    ELSE
        PERFORM results_mark(array_agg(r.workspace_id), array_agg(c.value::timestamptz))
        FROM changed r, jsonb_each_text(to_jsonb(r)) c
        WHERE c.key = ANY (TG_ARGV);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
    args text;
    ev record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('leads', ARRAY['created_at', 'first_contact_at', 'meeting_at', 'proposal_at', 'lost_at']),
        ('deals', ARRAY['closed_at', 'lead_created_at', 'created_at']),
        ('spend', ARRAY['date']),
        ('nps_responses', ARRAY['responded_at']),
        ('kpis', '{}'), ('targets', '{}'), ('manual_facts', '{}'), ('scorecards', '{}'),
        ('workspace_settings', '{}')) AS v (tab, cols)
    LOOP
        SELECT coalesce(string_agg(quote_literal(c), ', '), '') INTO args FROM unnest(t.cols) c;
        FOR ev IN SELECT * FROM (VALUES ('insert', 'INSERT', 'NEW'), ('update_old', 'UPDATE', 'OLD'),
                                        ('update_new', 'UPDATE', 'NEW'),
                                        ('delete', 'DELETE', 'OLD')) AS e (suffix, op, rows)
        LOOP
            EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I'
                           ' REFERENCING %s TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION results_mark_stale(%s)',
                           t.tab || '_results_stale_' || ev.suffix, ev.op, t.tab, ev.rows, args);
        END LOOP;
    END LOOP;
END $$;
