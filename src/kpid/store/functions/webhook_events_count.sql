-- An event whose status changes moves its count on webhook_sources from the old status to the
-- new one, in the same transaction; a failure also becomes the source's last_error.
CREATE OR REPLACE FUNCTION webhook_events_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END;
BEGIN
    UPDATE webhook_sources
    SET mapped_events = mapped_events + (NEW.status = 'mapped')::int
            - (was IS NOT DISTINCT FROM 'mapped')::int,
        failed_events = failed_events + (NEW.status = 'failed')::int
            - (was IS NOT DISTINCT FROM 'failed')::int,
        pending_fetch_events = pending_fetch_events + (NEW.status = 'pending_fetch')::int
            - (was IS NOT DISTINCT FROM 'pending_fetch')::int,
        last_error = CASE WHEN NEW.status = 'failed' THEN NEW.error ELSE last_error END,
        last_error_at = CASE WHEN NEW.status = 'failed' THEN now() ELSE last_error_at END
    WHERE workspace_id = NEW.workspace_id
        AND name = NEW.source_name;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER webhook_events_count_insert AFTER INSERT ON webhook_events
    FOR EACH ROW WHEN (NEW.status <> 'received')
    EXECUTE FUNCTION webhook_events_count();
CREATE OR REPLACE TRIGGER webhook_events_count_update AFTER UPDATE OF status, error ON webhook_events
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR (NEW.status = 'failed' AND OLD.error IS DISTINCT FROM NEW.error))
    EXECUTE FUNCTION webhook_events_count();
