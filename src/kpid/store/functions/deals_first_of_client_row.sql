-- A deal written won gets its first_of_client flag from the deals already stored (and those
-- the same statement wrote before it), so that the statement-level refresh
-- (deals_refresh_after) seldom writes it a second time; a deal that is not won has
-- none. client_key is not generated yet in a BEFORE trigger: this is its expression. The close
-- time is compared as a row with the client, which only deals_client_won serves as a range:
-- a probe whatever the statistics (deals_won_closed would read every earlier won deal).
CREATE OR REPLACE FUNCTION deals_first_of_client_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_client_key text := coalesce(NEW.client_ref, 'lead:' || NEW.lead_id::text);
BEGIN
    NEW.first_of_client := CASE WHEN NEW.status = 'won' THEN NOT EXISTS (
        SELECT 1 FROM deals e
        WHERE e.workspace_id = NEW.workspace_id
          AND e.client_key = new_client_key
          AND e.status = 'won' AND (e.client_key, e.closed_at) < (new_client_key, NEW.closed_at)) END;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER deals_first_of_client_insert_row BEFORE INSERT ON deals
    FOR EACH ROW EXECUTE FUNCTION deals_first_of_client_row();
CREATE OR REPLACE TRIGGER deals_first_of_client_update_row
    BEFORE UPDATE OF status, closed_at, client_ref, lead_id ON deals
    FOR EACH ROW WHEN ((OLD.status, OLD.closed_at, OLD.client_ref, OLD.lead_id)
                       IS DISTINCT FROM (NEW.status, NEW.closed_at, NEW.client_ref, NEW.lead_id))
    EXECUTE FUNCTION deals_first_of_client_row();
