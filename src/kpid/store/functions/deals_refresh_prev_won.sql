-- Recomputes deals.lead_prev_won_at and channel_prev_won_at (migrations/0029_rollup_clients.sql)
-- for the deals of the given leads (workspace id and lead id pairs), updating those whose
-- values differ: an insert in the middle moves the next deal's previous close. The caller
-- (deals_refresh_after.sql) holds the workspaces' refresh locks.
CREATE OR REPLACE FUNCTION deals_refresh_prev_won(ws uuid[], lead_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
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
END $$;
