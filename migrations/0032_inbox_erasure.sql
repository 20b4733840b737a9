-- Erasing a lead (DELETE /v1/leads/{id}, or a CRM's delete through a source's "erase") also
-- empties the raw bodies of the inbox events that wrote it: the inbox keeps events for good,
-- and a body holds the lead's contact data as the sender sent it. The event keeps its status,
-- result and body_sha256, so a second delivery of the same body is still a duplicate.
ALTER TABLE webhook_events ADD COLUMN erased_at timestamptz;
COMMENT ON COLUMN webhook_events.erased_at IS 'When the body was emptied because a lead the event wrote was erased; such an event cannot be replayed';

-- The erasure finds the events whose result names the lead ({"id": ...} in the result array).
CREATE INDEX webhook_events_written ON webhook_events USING gin (result jsonb_path_ops);
