-- deals_refresh_first_of_client (0007) took one advisory lock per client, so a statement
-- touching a hundred thousand clients (a bulk load, a workspace deletion) ran out of lock table
-- space. Clients now share 256 lock buckets: at most 256 locks per transaction, and two writers
-- of different clients of the same bucket merely wait for one another. The two-key form keeps
-- these locks apart from kpid's other advisory locks.
CREATE OR REPLACE FUNCTION deals_refresh_first_of_client(ws uuid[], keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('deals.first_of_client'), b)
    FROM (SELECT DISTINCT (hashtextextended(w::text || '/' || c, 7) & 255)::int AS b
          FROM unnest(ws, keys) AS t(w, c) ORDER BY 1) s;
    UPDATE deals d SET first_of_client = f.first
    FROM (SELECT e.workspace_id, e.id,
                 e.closed_at = min(e.closed_at) OVER (PARTITION BY e.workspace_id, e.client_key)
                     AS first
          FROM (SELECT DISTINCT w, c FROM unnest(ws, keys) AS t(w, c)) t
          JOIN deals e ON e.workspace_id = t.w AND e.client_key = t.c AND e.status = 'won') f
    WHERE d.workspace_id = f.workspace_id AND d.id = f.id
      AND d.first_of_client IS DISTINCT FROM f.first;
END $$;
