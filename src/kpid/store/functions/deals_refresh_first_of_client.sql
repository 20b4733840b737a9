-- Recomputes first_of_client for the won deals of the given clients (workspace id and client
-- key pairs): a won deal is its client's first when no won deal of the same client_key closed
-- strictly earlier (docs/kpi-semantics.md, new clients).
-- Clients are locked in one order first, so that transactions writing deals of the same client
-- run this one after the other, each seeing what the previous one committed. Clients share 256
-- lock buckets (a statement touching a hundred thousand clients must not run out of lock table
-- space); two writers of different clients of the same bucket merely wait for one another. The
-- two-key form keeps these locks apart from kpid's other advisory locks.
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
