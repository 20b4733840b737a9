-- Keeps deals.lead_prev_won_at and channel_prev_won_at (migrations/0029_rollup_clients.sql):
-- after each statement writing deals, the leads that gained or lost a won deal, or whose won
-- deal changed its close, channel or lead, get both recomputed for all their won deals, and
-- the deals whose values differ are updated (an insert in the middle moves the next deal's
-- previous close). Leads are locked in one order first, in 256 buckets as
-- deals_refresh_first_of_client does clients, so that two transactions writing deals of one
-- lead run this one after the other, each seeing what the other committed. The update
-- changes no status, close, channel or lead, so the statement it runs fires this again with
-- nothing to do.
CREATE OR REPLACE FUNCTION deals_prev_won_after() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ws uuid[];
    lead_ids uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(workspace_id), array_agg(lead_id) INTO ws, lead_ids
        FROM new_rows WHERE status = 'won' AND lead_id IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(workspace_id), array_agg(lead_id) INTO ws, lead_ids
        FROM old_rows WHERE status = 'won' AND lead_id IS NOT NULL;
    ELSE
        SELECT array_agg(c.workspace_id), array_agg(c.lead_id) INTO ws, lead_ids
        FROM old_rows o JOIN new_rows n ON n.workspace_id = o.workspace_id AND n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.workspace_id, o.lead_id, o.status),
                                   (n.workspace_id, n.lead_id, n.status))
            AS c(workspace_id, lead_id, status)
        WHERE c.status = 'won' AND c.lead_id IS NOT NULL
          AND (o.status, o.closed_at, o.lead_id, o.channel) IS DISTINCT FROM
              (n.status, n.closed_at, n.lead_id, n.channel);
    END IF;
    IF lead_ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('deals.prev_won'), b)
    FROM (SELECT DISTINCT (hashtextextended(w::text || '/' || l::text, 7) & 255)::int AS b
          FROM unnest(ws, lead_ids) AS t(w, l) ORDER BY 1) s;
    UPDATE deals d SET lead_prev_won_at = p.prev_lead, channel_prev_won_at = p.prev_channel
    FROM (
        SELECT e.workspace_id, e.id,
            CASE WHEN e.status = 'won' THEN
                max(e.closed_at) FILTER (WHERE e.status = 'won') OVER lead_before END
                AS prev_lead,
            CASE WHEN e.status = 'won' THEN
                max(e.closed_at) FILTER (WHERE e.status = 'won') OVER channel_before END
                AS prev_channel
        FROM (SELECT DISTINCT w, l FROM unnest(ws, lead_ids) AS t(w, l)) t
        JOIN deals e ON e.workspace_id = t.w AND e.lead_id = t.l
        WINDOW lead_before AS (PARTITION BY e.workspace_id, e.lead_id ORDER BY e.closed_at, e.id
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
            channel_before AS (PARTITION BY e.workspace_id, e.lead_id, e.channel
                               ORDER BY e.closed_at, e.id
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) AS p
    WHERE d.workspace_id = p.workspace_id AND d.id = p.id
        AND (d.lead_prev_won_at, d.channel_prev_won_at)
            IS DISTINCT FROM (p.prev_lead, p.prev_channel);
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER deals_prev_won_insert AFTER INSERT ON deals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_prev_won_after();
CREATE OR REPLACE TRIGGER deals_prev_won_update AFTER UPDATE ON deals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_prev_won_after();
CREATE OR REPLACE TRIGGER deals_prev_won_delete AFTER DELETE ON deals
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION deals_prev_won_after();
