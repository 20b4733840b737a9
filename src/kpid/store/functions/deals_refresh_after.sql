-- After each statement writing deals, the won deals it added, removed or changed name what
-- the deals' derived columns must be recomputed for:
--   - the clients that gained or lost a won deal, or whose won deal changed its close:
--     first_of_client of all their won deals (deals_refresh_first_of_client.sql; an earlier
--     deal turns later ones into repeat purchases);
--   - the leads of the same, or whose won deal changed its channel or lead: lead_prev_won_at
--     and channel_prev_won_at (deals_refresh_prev_won.sql).
-- One trigger function for both, so that a statement's transition tables are read once
-- (`changed`: the rows inserted or deleted; an update's `removed` and `added`). The
-- refreshes change no status, close, client, lead or channel, so the statements they run fire
-- this again with nothing to do.
CREATE OR REPLACE FUNCTION deals_refresh_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    client_ws uuid[];
    client_keys text[];
    lead_ws uuid[];
    lead_ids uuid[];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(c.workspace_id) FILTER (WHERE c.client_key IS NOT NULL AND m.client),
            array_agg(c.client_key) FILTER (WHERE c.client_key IS NOT NULL AND m.client),
            array_agg(c.workspace_id) FILTER (WHERE c.lead_id IS NOT NULL AND m.lead),
            array_agg(c.lead_id) FILTER (WHERE c.lead_id IS NOT NULL AND m.lead)
        INTO client_ws, client_keys, lead_ws, lead_ids
        FROM removed o JOIN added n ON n.workspace_id = o.workspace_id AND n.id = o.id
        CROSS JOIN LATERAL (
            SELECT (o.status, o.closed_at, o.client_key)
                    IS DISTINCT FROM (n.status, n.closed_at, n.client_key) AS client,
                (o.status, o.closed_at, o.lead_id, o.channel)
                    IS DISTINCT FROM (n.status, n.closed_at, n.lead_id, n.channel) AS lead
        ) AS m
        CROSS JOIN LATERAL (VALUES (o.workspace_id, o.client_key, o.lead_id, o.status),
                                   (n.workspace_id, n.client_key, n.lead_id, n.status))
            AS c(workspace_id, client_key, lead_id, status)
        WHERE c.status = 'won';
    ELSE
        SELECT array_agg(workspace_id) FILTER (WHERE client_key IS NOT NULL),
            array_agg(client_key) FILTER (WHERE client_key IS NOT NULL),
            array_agg(workspace_id) FILTER (WHERE lead_id IS NOT NULL),
            array_agg(lead_id) FILTER (WHERE lead_id IS NOT NULL)
        INTO client_ws, client_keys, lead_ws, lead_ids
        FROM changed WHERE status = 'won';
    END IF;
    -- Both refreshes update rows of other transactions' deals: a client's deals span leads
    -- and a lead's deals span clients, so client and lead locks alone would let two writers
    -- each wait for a row the other updated. The writers of one workspace's deals take their
    -- refreshes one after the other (until commit); workspaces in one order.
    PERFORM pg_advisory_xact_lock(hashtext('deals.refresh'), hashtext(w::text))
    FROM (SELECT DISTINCT w FROM unnest(client_ws || lead_ws) AS w ORDER BY 1) AS s;
    IF client_keys IS NOT NULL THEN
        PERFORM deals_refresh_first_of_client(client_ws, client_keys);
    END IF;
    IF lead_ids IS NOT NULL THEN
        PERFORM deals_refresh_prev_won(lead_ws, lead_ids);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER deals_refresh_insert AFTER INSERT ON deals
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION deals_refresh_after();
CREATE OR REPLACE TRIGGER deals_refresh_update AFTER UPDATE ON deals
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION deals_refresh_after();
CREATE OR REPLACE TRIGGER deals_refresh_delete AFTER DELETE ON deals
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION deals_refresh_after();
