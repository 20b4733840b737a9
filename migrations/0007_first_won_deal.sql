-- New-client detection stored on each won deal: a won deal is its client's first when no won
-- deal of the same client_key closed strictly earlier (kpi-semantics.md section 3, new_clients);
-- a deal without a client_key (no client_ref, no lead) has no earlier deal, so it is a first.
-- That does not depend on as_of, so statement-level triggers keep it as a column and the results
-- queries read it instead of looking for each client's first won deal among all won deals.

ALTER TABLE deals ADD COLUMN first_of_client boolean;
COMMENT ON COLUMN deals.first_of_client IS 'Won deals: true when no won deal with the same client_key closed strictly earlier (kept by triggers); NULL for open and lost deals';

UPDATE deals d SET first_of_client = NOT EXISTS (
    SELECT 1 FROM deals e WHERE e.workspace_id = d.workspace_id AND e.client_key = d.client_key
    AND e.status = 'won' AND e.closed_at < d.closed_at)
WHERE d.status = 'won';

-- Recomputes first_of_client for the won deals of the given clients (workspace id and client
-- key pairs). Clients are locked in one order first, so that transactions writing deals of the
-- same client run this one after the other, each seeing what the previous one committed.
CREATE FUNCTION deals_refresh_first_of_client(ws uuid[], keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(k)
    FROM (SELECT DISTINCT hashtextextended(w::text || '/' || c, 7) AS k
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

-- A deal written won gets its flag from the deals already stored (and those the same statement
-- wrote before it), so that the refresh below seldom writes it a second time; a deal that is
-- not won has none. client_key is not generated yet in a BEFORE trigger: this is its
-- expression.
CREATE FUNCTION deals_first_of_client_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_of_client := CASE WHEN NEW.status = 'won' THEN NOT EXISTS (
        SELECT 1 FROM deals e
        WHERE e.workspace_id = NEW.workspace_id
          AND e.client_key = coalesce(NEW.client_ref, 'lead:' || NEW.lead_id::text)
          AND e.status = 'won' AND e.closed_at < NEW.closed_at) END;
    RETURN NEW;
END $$;

CREATE TRIGGER deals_first_of_client_insert_row BEFORE INSERT ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_first_of_client_row();
CREATE TRIGGER deals_first_of_client_update_row
    BEFORE UPDATE OF status, closed_at, client_ref, lead_id ON deals
    FOR EACH ROW WHEN ((OLD.status, OLD.closed_at, OLD.client_ref, OLD.lead_id)
                       IS DISTINCT FROM (NEW.status, NEW.closed_at, NEW.client_ref, NEW.lead_id))
    EXECUTE FUNCTION deals_first_of_client_row();

-- After each statement writing deals, the clients that gained or lost a won deal, or whose won
-- deal changed its close time, get the flags of all their won deals recomputed: an earlier
-- deal turns later ones into repeat purchases, a concurrent transaction's deals are seen once
-- it committed. The refresh changes no status, close time or client, so the statement it runs
-- fires this again with nothing to do.
CREATE FUNCTION deals_first_of_client_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ws uuid[];
    keys text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(workspace_id), array_agg(client_key) INTO ws, keys
        FROM new_rows WHERE status = 'won' AND client_key IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(workspace_id), array_agg(client_key) INTO ws, keys
        FROM old_rows WHERE status = 'won' AND client_key IS NOT NULL;
    ELSE
        SELECT array_agg(c.workspace_id), array_agg(c.client_key) INTO ws, keys
        FROM old_rows o JOIN new_rows n ON n.workspace_id = o.workspace_id AND n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.workspace_id, o.client_key, o.status),
                                   (n.workspace_id, n.client_key, n.status))
            AS c(workspace_id, client_key, status)
        WHERE c.status = 'won' AND c.client_key IS NOT NULL
          AND (o.status, o.closed_at, o.client_key) IS DISTINCT FROM
              (n.status, n.closed_at, n.client_key);
    END IF;
    IF keys IS NOT NULL THEN
        PERFORM deals_refresh_first_of_client(ws, keys);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER deals_first_of_client_insert AFTER INSERT ON deals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_first_of_client_after();
CREATE TRIGGER deals_first_of_client_update AFTER UPDATE ON deals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_first_of_client_after();
CREATE TRIGGER deals_first_of_client_delete AFTER DELETE ON deals
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_first_of_client_after();

-- The won-deal indexes cover the flag instead of the client key.
DROP INDEX deals_won_closed;
CREATE INDEX deals_won_closed ON deals (workspace_id, closed_at)
    INCLUDE (lead_id, lead_valid, lead_created_at, channel, amount, gross_margin, is_new_client,
             first_of_client)
    WHERE status = 'won';
DROP INDEX deals_won_cohort;
CREATE INDEX deals_won_cohort ON deals (workspace_id, lead_created_at)
    INCLUDE (closed_at, lead_id, lead_valid, channel, amount, gross_margin, is_new_client,
             first_of_client)
    WHERE status = 'won' AND lead_id IS NOT NULL;
