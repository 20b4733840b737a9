-- Marking stored results stale on write. Every write statement of a table that results read
-- records the days it touched (as UTC dates; readers allow a day either way for the workspace
-- time zone) in results_stale_marks with its transaction id: one statement per statement
-- (transition tables), on rows of its own session, so no writer ever waits for another here.

-- The trigger: `changed` holds the rows written (the old ones for DELETE; an UPDATE fires it
-- twice, with the old rows and with the new). Each table's branch names the times its rows
-- count by; a definition's change marks every day ('infinity'). plpgsql plans a branch for
-- the table whose trigger runs it, when it first runs, and keeps the plans for the session.
-- A mark that already holds this transaction's id is left as it is: a batch writing many
-- leads of one day in one transaction makes one row version, not one per statement.
CREATE OR REPLACE FUNCTION results_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ws uuid[];
    times timestamptz[];
BEGIN
    IF TG_TABLE_NAME = 'leads' THEN
        SELECT array_agg(r.workspace_id), array_agg(t) INTO ws, times
        FROM changed r,
            unnest(ARRAY[r.created_at, r.first_contact_at, r.meeting_at, r.proposal_at,
                         r.lost_at]) t;
    ELSIF TG_TABLE_NAME = 'deals' THEN
        -- a won deal also changes the lifetime (LTV, repeat rate) of its client's cohort: the
        -- day of the client's first won deal
        SELECT array_agg(r.workspace_id), array_agg(t) INTO ws, times
        FROM changed r,
            unnest(ARRAY[r.closed_at, r.lead_created_at, r.created_at,
                         CASE WHEN r.status = 'won' AND r.client_key IS NOT NULL THEN
                             (SELECT min(e.closed_at) FROM deals e
                              WHERE e.workspace_id = r.workspace_id
                                  AND e.client_key = r.client_key AND e.status = 'won')
                         END]) t;
    ELSIF TG_TABLE_NAME = 'channel_stats' THEN
        SELECT array_agg(r.workspace_id), array_agg(r.date::timestamp AT TIME ZONE 'UTC')
        INTO ws, times
        FROM changed r;
    ELSIF TG_TABLE_NAME = 'nps_responses' THEN
        SELECT array_agg(r.workspace_id), array_agg(r.responded_at) INTO ws, times
        FROM changed r;
    ELSE
        SELECT array_agg(w), array_agg('infinity'::timestamptz) INTO ws, times
        FROM (SELECT DISTINCT r.workspace_id FROM changed r) AS d (w);
    END IF;
    INSERT INTO results_stale_marks AS m (workspace_id, day, backend, xid)
    SELECT DISTINCT w, CASE WHEN t = 'infinity' THEN 'infinity'::date
                            ELSE (t AT TIME ZONE 'UTC')::date END,
           pg_backend_pid(), pg_current_xact_id()
    FROM unnest(ws, times) AS u (w, t)
    WHERE t IS NOT NULL
    ON CONFLICT (workspace_id, day, backend)
        DO UPDATE SET xid = excluded.xid, marked_at = excluded.marked_at
        WHERE m.xid <> excluded.xid;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
    ev record;
BEGIN
    FOREACH t IN ARRAY ARRAY['leads', 'deals', 'channel_stats', 'nps_responses', 'kpis', 'targets',
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
