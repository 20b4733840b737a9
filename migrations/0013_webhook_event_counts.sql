-- Per-source counts of the inbox by outcome, kept on webhook_sources by the trigger of
-- src/kpid/store/functions/webhook_events_count.sql in the same transaction as each event's
-- status change, so that GET /v1/sources and /metrics read one row per source instead of
-- counting the inbox. pending_fetch is the status of a
-- delivery that names an object kpid still has to fetch from the CRM.
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_status_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_status_check
    CHECK (status IN ('received', 'mapped', 'failed', 'pending_fetch'));
COMMENT ON CONSTRAINT webhook_events_status_check ON webhook_events IS
    'The statuses of WebhookEventStatus in openapi.yaml and kpid_webhook_event_statuses in kpid';

ALTER TABLE webhook_sources
    ADD COLUMN mapped_events        bigint      NOT NULL DEFAULT 0,
    ADD COLUMN failed_events        bigint      NOT NULL DEFAULT 0,
    ADD COLUMN pending_fetch_events bigint      NOT NULL DEFAULT 0,
    ADD COLUMN last_error           text,
    ADD COLUMN last_error_at        timestamptz;
COMMENT ON COLUMN webhook_sources.mapped_events IS 'Events of the source in the inbox with status mapped (kept by webhook_events_count)';
COMMENT ON COLUMN webhook_sources.failed_events IS 'Events of the source in the inbox with status failed (kept by webhook_events_count)';
COMMENT ON COLUMN webhook_sources.pending_fetch_events IS 'Events of the source in the inbox with status pending_fetch (kept by webhook_events_count)';
COMMENT ON COLUMN webhook_sources.last_error IS 'The error of the latest event that failed, kept after a replay maps it';

-- The inbox as it is when this migration runs.
UPDATE webhook_sources s
SET mapped_events = c.mapped, failed_events = c.failed, pending_fetch_events = c.pending_fetch
FROM (SELECT workspace_id, source_name,
          count(*) FILTER (WHERE status = 'mapped') AS mapped,
          count(*) FILTER (WHERE status = 'failed') AS failed,
          count(*) FILTER (WHERE status = 'pending_fetch') AS pending_fetch
      FROM webhook_events
      GROUP BY workspace_id, source_name) c
WHERE s.workspace_id = c.workspace_id
    AND s.name = c.source_name;
UPDATE webhook_sources s
SET last_error = e.error, last_error_at = e.processed_at
FROM (SELECT DISTINCT ON (workspace_id, source_name) workspace_id, source_name, error, processed_at
      FROM webhook_events
      WHERE status = 'failed'
      ORDER BY workspace_id, source_name, processed_at DESC) e
WHERE s.workspace_id = e.workspace_id
    AND s.name = e.source_name;

-- The bulk replay walks a source's parked events in received order.
CREATE INDEX webhook_events_parked ON webhook_events (workspace_id, source_name, status, received_at, id)
    WHERE status IN ('failed', 'pending_fetch');
