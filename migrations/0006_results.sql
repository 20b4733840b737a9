-- What the results queries read, shaped so that a quarter over a million leads is a few index
-- range scans: each won deal carries its lead's creation time and validity (kept current by
-- triggers), and the lead and deal indexes cover every column the measures read.

ALTER TABLE deals ADD COLUMN lead_created_at timestamptz, ADD COLUMN lead_valid boolean;
COMMENT ON COLUMN deals.lead_created_at IS 'The lead''s created_at (kept by triggers): cohort attribution and the deal cycle read it without a join';
COMMENT ON COLUMN deals.lead_valid IS 'The lead''s effective validity (kept by triggers): clients count only valid leads';

UPDATE deals d SET lead_created_at = l.created_at, lead_valid = l.valid
FROM leads l WHERE l.workspace_id = d.workspace_id AND l.id = d.lead_id;

-- A deal written with a lead copies the lead's facts. FOR SHARE waits for a concurrent change
-- of the lead to commit, so the copy is never older than the lead.
CREATE FUNCTION deals_copy_lead_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.lead_id IS NULL THEN
        NEW.lead_created_at := NULL;
        NEW.lead_valid := NULL;
    ELSE
        SELECT l.created_at, l.valid INTO NEW.lead_created_at, NEW.lead_valid
        FROM leads l WHERE l.workspace_id = NEW.workspace_id AND l.id = NEW.lead_id FOR SHARE;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER deals_lead_facts_insert BEFORE INSERT ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_copy_lead_facts();
CREATE TRIGGER deals_lead_facts_update BEFORE UPDATE OF lead_id ON deals
    FOR EACH ROW WHEN (OLD.lead_id IS DISTINCT FROM NEW.lead_id)
    EXECUTE FUNCTION deals_copy_lead_facts();

-- A lead whose creation time or validity changes passes it on to its deals.
CREATE FUNCTION leads_push_facts_to_deals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE deals SET lead_created_at = NEW.created_at, lead_valid = NEW.valid
    WHERE workspace_id = NEW.workspace_id AND lead_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER leads_facts_to_deals AFTER UPDATE OF created_at, valid ON leads
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
                       OR OLD.valid IS DISTINCT FROM NEW.valid)
    EXECUTE FUNCTION leads_push_facts_to_deals();

-- Won deals by close time (event attribution) and by their lead's creation (cohort), with
-- everything the deal measures read.
DROP INDEX deals_won_closed;
CREATE INDEX deals_won_closed ON deals (workspace_id, closed_at)
    INCLUDE (lead_id, lead_valid, lead_created_at, channel, amount, gross_margin, is_new_client,
             client_key)
    WHERE status = 'won';
CREATE INDEX deals_won_cohort ON deals (workspace_id, lead_created_at)
    INCLUDE (closed_at, lead_id, lead_valid, channel, amount, gross_margin, is_new_client,
             client_key)
    WHERE status = 'won' AND lead_id IS NOT NULL;

-- The lead set with every column of the lead measures and the cohort funnel steps.
DROP INDEX leads_created;
CREATE INDEX leads_created ON leads (workspace_id, created_at)
    INCLUDE (channel, valid, is_sql, is_brand, first_contact_at, reaction_minutes, meeting_at,
             proposal_at);

-- Funnel steps in event attribution: valid leads by step time.
DROP INDEX leads_first_contact;
DROP INDEX leads_meeting;
DROP INDEX leads_proposal;
CREATE INDEX leads_first_contact ON leads (workspace_id, first_contact_at) INCLUDE (channel)
    WHERE valid AND first_contact_at IS NOT NULL;
CREATE INDEX leads_meeting ON leads (workspace_id, meeting_at) INCLUDE (channel)
    WHERE valid AND meeting_at IS NOT NULL;
CREATE INDEX leads_proposal ON leads (workspace_id, proposal_at) INCLUDE (channel)
    WHERE valid AND proposal_at IS NOT NULL;
