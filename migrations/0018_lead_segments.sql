-- Campaign and UTM segmentation of the results: a deal carries its lead's campaign and
-- utm_source (kept by the triggers of src/kpid/store/functions, like lead_created_at), and
-- the indexes the measure statements scan cover both, so a filter or a grouping by them
-- stays an index-only scan.
ALTER TABLE deals ADD COLUMN lead_campaign text, ADD COLUMN lead_utm_source text;
COMMENT ON COLUMN deals.lead_campaign IS 'The lead''s campaign (kept by triggers): the campaign filter and grouping of deals';
COMMENT ON COLUMN deals.lead_utm_source IS 'The lead''s utm_source (kept by triggers): the utm_source filter and grouping of deals';

UPDATE deals d SET lead_campaign = l.campaign, lead_utm_source = l.utm_source
FROM leads l
WHERE l.workspace_id = d.workspace_id AND l.id = d.lead_id
    AND (l.campaign IS NOT NULL OR l.utm_source IS NOT NULL);

DROP INDEX deals_won_closed;
CREATE INDEX deals_won_closed ON deals (workspace_id, closed_at)
    INCLUDE (lead_id, lead_valid, lead_created_at, channel, amount, gross_margin, is_new_client,
             first_of_client, lead_campaign, lead_utm_source)
    WHERE status = 'won';
DROP INDEX deals_won_cohort;
CREATE INDEX deals_won_cohort ON deals (workspace_id, lead_created_at)
    INCLUDE (closed_at, lead_id, lead_valid, channel, amount, gross_margin, is_new_client,
             first_of_client, lead_campaign, lead_utm_source)
    WHERE status = 'won' AND lead_id IS NOT NULL;

DROP INDEX leads_created;
CREATE INDEX leads_created ON leads (workspace_id, created_at)
    INCLUDE (channel, valid, is_sql, is_brand, first_contact_at, reaction_minutes, meeting_at,
             proposal_at, campaign, utm_source);
DROP INDEX leads_first_contact;
DROP INDEX leads_meeting;
DROP INDEX leads_proposal;
CREATE INDEX leads_first_contact ON leads (workspace_id, first_contact_at)
    INCLUDE (channel, campaign, utm_source) WHERE valid AND first_contact_at IS NOT NULL;
CREATE INDEX leads_meeting ON leads (workspace_id, meeting_at)
    INCLUDE (channel, campaign, utm_source) WHERE valid AND meeting_at IS NOT NULL;
CREATE INDEX leads_proposal ON leads (workspace_id, proposal_at)
    INCLUDE (channel, campaign, utm_source) WHERE valid AND proposal_at IS NOT NULL;
