-- Distinct clients from the rollups. A valid lead is a client of a period when one of its won
-- deals closed in it; so the period's clients are its won deals whose lead's previous won
-- deal (by close, then id) closed before the period starts, or that have none. Each won deal
-- with a lead keeps that previous close, of the lead's won deals and of those in its own
-- channel (a grouping by channel counts a lead once per channel); triggers keep them
-- (src/kpid/store/functions/deals_refresh_prev_won.sql).
ALTER TABLE deals ADD COLUMN lead_prev_won_at timestamptz,
    ADD COLUMN channel_prev_won_at timestamptz;
COMMENT ON COLUMN deals.lead_prev_won_at IS 'Won deal with a lead: the close of the lead''s previous won deal (by closed_at, then id); NULL when none';
COMMENT ON COLUMN deals.channel_prev_won_at IS 'The same among the lead''s won deals of this deal''s channel';

-- first_of_client's statement triggers give way to deals_refresh_after
-- (src/kpid/store/functions/deals_refresh_after.sql), which refreshes both derived columns
-- from one read of a statement's transition tables.
DROP TRIGGER deals_first_of_client_insert ON deals;
DROP TRIGGER deals_first_of_client_update ON deals;
DROP TRIGGER deals_first_of_client_delete ON deals;
DROP FUNCTION deals_first_of_client_after();

-- before the rollup event type changes below: the update fires the rollups' triggers
UPDATE deals d SET lead_prev_won_at = p.prev_lead, channel_prev_won_at = p.prev_channel
FROM (
    SELECT workspace_id, id,
        max(closed_at) OVER (PARTITION BY workspace_id, lead_id ORDER BY closed_at, id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_lead,
        max(closed_at) OVER (PARTITION BY workspace_id, lead_id, channel ORDER BY closed_at, id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_channel
    FROM deals
    WHERE status = 'won' AND lead_id IS NOT NULL
) AS p
WHERE d.workspace_id = p.workspace_id AND d.id = p.id
    AND (p.prev_lead IS NOT NULL OR p.prev_channel IS NOT NULL);

-- A clients row counts by the deal's close day and the local day of the previous close
-- (step_day); other measures have none.
ALTER TABLE rollup_deltas ADD COLUMN step_day date;
ALTER TABLE rollup_days ADD COLUMN step_day date;
COMMENT ON COLUMN rollup_days.step_day IS 'clients and channel_clients: the local day of the lead''s previous won deal (NULL: none); NULL for every other measure';
-- The step day enters the key as a day number: an index expression must be immutable, and a
-- date's text depends on DateStyle.
DROP INDEX rollup_days_key;
CREATE UNIQUE INDEX rollup_days_key ON rollup_days (workspace_id, day, measure,
    (quote_nullable((step_day - DATE '2000-01-01')::text) || ' ' || quote_nullable(channel)
        || ' ' || quote_nullable(campaign) || ' ' || quote_nullable(utm_source)));
-- What reads scan: each wanted measure's days in a period, index-only.
DROP INDEX rollup_days_cover;
CREATE INDEX rollup_days_cover ON rollup_days (workspace_id, measure, day)
    INCLUDE (step_day, channel, campaign, utm_source, value, max_at);
ALTER TYPE rollup_event ADD ATTRIBUTE step_at timestamptz;

-- Every workspace is rebuilt with the new measures by the next merge; reads take the direct
-- statements until then.
DELETE FROM rollup_deltas;
DELETE FROM rollup_workspaces;
