-- After each statement writing deals, the clients that gained or lost a won deal, or whose won
-- deal changed its close time, get the flags of all their won deals recomputed: an earlier
-- deal turns later ones into repeat purchases, a concurrent transaction's deals are seen once
-- it committed. The refresh changes no status, close time or client, so the statement it runs
-- fires this again with nothing to do.
CREATE OR REPLACE FUNCTION deals_first_of_client_after() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER deals_first_of_client_insert AFTER INSERT ON deals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_first_of_client_after();
