-- An event whose status changes moves its count from the old status to the new one, in the
-- same transaction; a failure also becomes the last error. The counts go to the source's slot
-- row of this database session (webhook_source_counts, migration 0035): deliveries on
-- different connections add to different rows and do not wait for each other, and a
-- transaction only ever writes the one slot of its session, so two never wait in a circle.
CREATE OR REPLACE FUNCTION webhook_events_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END;
    failed boolean := NEW.status = 'failed';
BEGIN
    INSERT INTO webhook_source_counts AS c (workspace_id, source_name, slot, mapped_events,
        failed_events, pending_fetch_events, last_error, last_error_at)
    VALUES (NEW.workspace_id, NEW.source_name, pg_backend_pid() % 64,
        (NEW.status = 'mapped')::int - (was IS NOT DISTINCT FROM 'mapped')::int,
        failed::int - (was IS NOT DISTINCT FROM 'failed')::int,
        (NEW.status = 'pending_fetch')::int - (was IS NOT DISTINCT FROM 'pending_fetch')::int,
        CASE WHEN failed THEN NEW.error END,
        CASE WHEN failed THEN now() END)
    ON CONFLICT (workspace_id, source_name, slot) DO UPDATE
    SET mapped_events = c.mapped_events + excluded.mapped_events,
        failed_events = c.failed_events + excluded.failed_events,
        pending_fetch_events = c.pending_fetch_events + excluded.pending_fetch_events,
        last_error = CASE WHEN failed THEN excluded.last_error ELSE c.last_error END,
        last_error_at = CASE WHEN failed THEN excluded.last_error_at ELSE c.last_error_at END;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER webhook_events_count_insert AFTER INSERT ON webhook_events
    FOR EACH ROW WHEN (NEW.status <> 'received')
    EXECUTE FUNCTION webhook_events_count();
CREATE OR REPLACE TRIGGER webhook_events_count_update AFTER UPDATE OF status, error ON webhook_events
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR (NEW.status = 'failed' AND OLD.error IS DISTINCT FROM NEW.error))
    EXECUTE FUNCTION webhook_events_count();

-- A source's counts: the sums of its slot rows, and the error of its latest failure.
CREATE OR REPLACE FUNCTION webhook_source_event_counts(workspace uuid, source text)
RETURNS TABLE (mapped_events bigint, failed_events bigint, pending_fetch_events bigint,
    last_error text, last_error_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(c.mapped_events), 0)::bigint, coalesce(sum(c.failed_events), 0)::bigint,
        coalesce(sum(c.pending_fetch_events), 0)::bigint,
        (array_agg(c.last_error ORDER BY c.last_error_at DESC NULLS LAST))[1],
        max(c.last_error_at)
    FROM webhook_source_counts c
    WHERE c.workspace_id = workspace
        AND c.source_name = source
$$;
COMMENT ON FUNCTION webhook_source_event_counts(uuid, text) IS 'The inbox counts of one webhook source (the sums of its webhook_source_counts rows) and its last error';
