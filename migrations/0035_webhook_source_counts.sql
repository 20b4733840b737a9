-- The per-source inbox counts move off webhook_sources into rows of their own, several per
-- source. Kept on the source's row, every delivery of a source updated that one row, so the
-- deliveries of one source ran one after another (each held the row until its COMMIT), and
-- the row's many versions, each locked by the foreign-key checks of concurrent deliveries,
-- made every lookup of the source slower. Now a delivery adds to the slot row of its database
-- session (src/kpid/store/functions/webhook_events_count.sql): concurrent deliveries on
-- different connections touch different rows, and a reader sums a source's slots.
CREATE TABLE webhook_source_counts (
    workspace_id         uuid        NOT NULL,
    source_name          text        NOT NULL,
    slot                 smallint    NOT NULL,
    mapped_events        bigint      NOT NULL DEFAULT 0,
    failed_events        bigint      NOT NULL DEFAULT 0,
    pending_fetch_events bigint      NOT NULL DEFAULT 0,
    last_error           text,
    last_error_at        timestamptz,
    PRIMARY KEY (workspace_id, source_name, slot),
    FOREIGN KEY (workspace_id, source_name) REFERENCES webhook_sources (workspace_id, name)
        ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE webhook_source_counts IS 'Inbox counts of a webhook source by outcome, split over slot rows (one per database session, modulo 64) that webhook_events_count adds to; a source''s counts are the sums of its rows';
COMMENT ON COLUMN webhook_source_counts.slot IS 'pg_backend_pid() % 64 of the sessions that wrote this row';
COMMENT ON COLUMN webhook_source_counts.last_error IS 'The error of the latest event of this slot that failed; the source''s is that of its latest last_error_at';

INSERT INTO webhook_source_counts (workspace_id, source_name, slot, mapped_events, failed_events,
    pending_fetch_events, last_error, last_error_at)
SELECT workspace_id, name, 0, mapped_events, failed_events, pending_fetch_events, last_error,
    last_error_at
FROM webhook_sources;

ALTER TABLE webhook_sources
    DROP COLUMN mapped_events,
    DROP COLUMN failed_events,
    DROP COLUMN pending_fetch_events,
    DROP COLUMN last_error,
    DROP COLUMN last_error_at;
