-- Stored results: the results and scorecards of every open period kpid has answered, kept
-- current by a background refresh, and the marks that tell which of them a write made stale.
-- A closed period is not kept here: its snapshot (period_snapshots) is the truth.

CREATE TABLE period_results (
    workspace_id uuid        NOT NULL,
    period_id    text        NOT NULL,
    as_of        timestamptz,
    seen         pg_snapshot,
    results      json,
    scorecards   json,
    computed_at  timestamptz,
    PRIMARY KEY (workspace_id, period_id),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE period_results IS 'Results and scorecards of open periods as last computed; a row with NULL results is a period answered once and waiting for its first refresh';
COMMENT ON COLUMN period_results.as_of IS 'The moment the stored results were computed for';
COMMENT ON COLUMN period_results.seen IS 'The database snapshot they were computed in: a stale mark whose transaction it does not see makes them stale';
COMMENT ON COLUMN period_results.scorecards IS 'The scorecards array exactly as GET /v1/periods/{id}/scorecards answers it';
COMMENT ON COLUMN period_results.results IS 'The results array exactly as GET /v1/periods/{id}/results answers it (json, not jsonb: members in kpid''s order, numbers as kpid wrote them)';

CREATE TABLE results_stale_marks (
    workspace_id uuid        NOT NULL,
    day          date        NOT NULL,
    backend      integer     NOT NULL,
    xid          xid8        NOT NULL,
    marked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, day, backend)
);
COMMENT ON TABLE results_stale_marks IS 'Days whose data a transaction changed (infinity: a definition changed), one row per database session so that concurrent writers never wait for each other; stored results computed in a snapshot that does not see the mark''s transaction are stale';
COMMENT ON COLUMN results_stale_marks.backend IS 'pg_backend_pid() of the writing session: each session updates only its own rows';
COMMENT ON COLUMN results_stale_marks.xid IS 'The latest transaction of that session that changed the day';

-- Whether a period's stored results are current: computed (scorecards too), in a snapshot
-- that sees every transaction that marked a day they depend on (the period, the previous one
-- of the same length for `previous`, a day either way for the time zone; definitions mark
-- every day), and no provisional result has matured since. SECURITY DEFINER: the reporting
-- views call it for roles that cannot read the marks.
CREATE FUNCTION period_results_fresh(r period_results, p periods) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT r.scorecards IS NOT NULL
        AND NOT EXISTS (
            SELECT 1 FROM results_stale_marks m
            WHERE m.workspace_id = r.workspace_id
                AND (m.day = 'infinity'
                     OR m.day BETWEEN p.start_date - (p.end_date - p.start_date) - 4
                                  AND p.end_date + 1)
                AND NOT pg_visible_in_snapshot(m.xid, r.seen))
        AND NOT EXISTS (
            SELECT 1 FROM json_array_elements(r.results) e
            WHERE e ->> 'maturity' = 'provisional' AND (e ->> 'matures_on')::date <= current_date)
$$;
