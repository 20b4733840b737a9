-- A deal written with a lead copies the lead's facts (creation time, validity, campaign and
-- utm_source), so that cohort attribution, the deal cycle and the campaign and UTM segments
-- read them without a join. FOR SHARE waits for a concurrent change of the lead to commit, so
-- the copy is never older than the lead.
CREATE OR REPLACE FUNCTION deals_copy_lead_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.lead_id IS NULL THEN
        NEW.lead_created_at := NULL;
        NEW.lead_valid := NULL;
        NEW.lead_campaign := NULL;
        NEW.lead_utm_source := NULL;
    ELSE
        SELECT l.created_at, l.valid, l.campaign, l.utm_source
        INTO NEW.lead_created_at, NEW.lead_valid, NEW.lead_campaign, NEW.lead_utm_source
        FROM leads l WHERE l.workspace_id = NEW.workspace_id AND l.id = NEW.lead_id FOR SHARE;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER deals_lead_facts_insert BEFORE INSERT ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_copy_lead_facts();
CREATE OR REPLACE TRIGGER deals_lead_facts_update BEFORE UPDATE OF lead_id ON deals
    FOR EACH ROW WHEN (OLD.lead_id IS DISTINCT FROM NEW.lead_id)
    EXECUTE FUNCTION deals_copy_lead_facts();
