-- Leads whose creation time, validity, campaign or utm_source change pass them on to their
-- deals (the copies that deals_copy_lead_facts made): one UPDATE of deals per statement of
-- leads, whatever number of leads it changed, and none when no changed lead has deals (an
-- UPDATE of deals fires deals' statement triggers even when it matches no row, about 0.5 ms).
CREATE OR REPLACE FUNCTION leads_push_facts_to_deals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    SELECT array_agg(a.id) INTO ids
    FROM added a
        JOIN removed r ON r.workspace_id = a.workspace_id AND r.id = a.id
    WHERE (r.created_at, r.valid, r.campaign, r.utm_source)
            IS DISTINCT FROM (a.created_at, a.valid, a.campaign, a.utm_source)
        AND EXISTS (SELECT FROM deals d WHERE d.workspace_id = a.workspace_id AND d.lead_id = a.id);
    IF ids IS NOT NULL THEN
        UPDATE deals d SET lead_created_at = a.created_at, lead_valid = a.valid,
            lead_campaign = a.campaign, lead_utm_source = a.utm_source
        FROM added a
        WHERE a.id = ANY (ids) AND d.workspace_id = a.workspace_id AND d.lead_id = a.id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER leads_facts_to_deals AFTER UPDATE ON leads
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION leads_push_facts_to_deals();
