-- A lead whose creation time, validity, campaign or utm_source changes passes it on to its
-- deals (the copies that deals_copy_lead_facts made). Only a lead that has deals: an UPDATE of
-- deals fires their statement triggers even when it matches no row, about 0.5 ms, and a batch
-- that makes 1000 earlier leads duplicates would pay that 1000 times.
CREATE OR REPLACE FUNCTION leads_push_facts_to_deals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM deals WHERE workspace_id = NEW.workspace_id AND lead_id = NEW.id) THEN
        UPDATE deals SET lead_created_at = NEW.created_at, lead_valid = NEW.valid,
            lead_campaign = NEW.campaign, lead_utm_source = NEW.utm_source
        WHERE workspace_id = NEW.workspace_id AND lead_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER leads_facts_to_deals
    AFTER UPDATE OF created_at, valid, campaign, utm_source ON leads
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
                       OR OLD.valid IS DISTINCT FROM NEW.valid
                       OR OLD.campaign IS DISTINCT FROM NEW.campaign
                       OR OLD.utm_source IS DISTINCT FROM NEW.utm_source)
    EXECUTE FUNCTION leads_push_facts_to_deals();
