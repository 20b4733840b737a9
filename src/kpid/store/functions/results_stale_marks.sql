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
-- twice, with the old rows and with the new). Each table's branch names the times its rows
-- count by; a definition's change marks every day ('infinity'). plpgsql plans a branch for
-- the table whose trigger runs it, when it first runs.
CREATE OR REPLACE FUNCTION results_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'leads' THEN
        PERFORM results_mark(array_agg(r.workspace_id), array_agg(d))
        FROM changed r,
            unnest(ARRAY[r.created_at, r.first_contact_at, r.meeting_at, r.proposal_at,
                         r.lost_at]) d;
    ELSIF TG_TABLE_NAME = 'deals' THEN
        PERFORM results_mark(array_agg(r.workspace_id), array_agg(d))
        FROM changed r, unnest(ARRAY[r.closed_at, r.lead_created_at, r.created_at]) d;
    ELSIF TG_TABLE_NAME = 'spend' THEN
        PERFORM results_mark(array_agg(r.workspace_id), array_agg(r.date::timestamp AT TIME ZONE 'UTC'))
        FROM changed r;
    ELSIF TG_TABLE_NAME = 'nps_responses' THEN
        PERFORM results_mark(array_agg(r.workspace_id), array_agg(r.responded_at))
        FROM changed r;
    ELSE
        PERFORM results_mark(array_agg(w), array_agg('infinity'::timestamptz))
        FROM (SELECT DISTINCT r.workspace_id FROM changed r) AS d (w);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
    ev record;
BEGIN
    FOREACH t IN ARRAY ARRAY['leads', 'deals', 'spend', 'nps_responses', 'kpis', 'targets',
                             'manual_facts', 'scorecards', 'workspace_settings'] LOOP
        FOR ev IN SELECT * FROM (VALUES ('insert', 'INSERT', 'NEW'), ('update_old', 'UPDATE', 'OLD'),
                                        ('update_new', 'UPDATE', 'NEW'),
                                        ('delete', 'DELETE', 'OLD')) AS e (suffix, op, rows)
        LOOP
            EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I'
                           ' REFERENCING %s TABLE AS changed'
                           ' FOR EACH STATEMENT EXECUTE FUNCTION results_mark_stale()',
                           t || '_results_stale_' || ev.suffix, ev.op, t, ev.rows);
        END LOOP;
    END LOOP;
END $$;
