-- The locks lead writers hold on the phones, e-mails and natural keys they write, as rows:
-- a batch of 1000 leads needs about 3000 of them, more than PostgreSQL's shared lock table
-- has room for (max_locks_per_transaction, 64 per connection), where advisory locks live.
-- Row locks live in the rows themselves, so batches whose contacts differ run side by side.
-- A writer inserts or locks its keys' rows in key order (INSERT ... ON CONFLICT DO UPDATE
-- ... WHERE false locks an existing row without writing it); kpid deletes the rows nobody
-- holds every 2 seconds, so the table holds about the keys of the last seconds' writes.
-- UNLOGGED: a lock means nothing after a crash, and a standby does not need it.
CREATE UNLOGGED TABLE lead_write_locks (
    workspace_id uuid NOT NULL,
    key bigint NOT NULL,
    PRIMARY KEY (workspace_id, key)
);
COMMENT ON TABLE lead_write_locks IS 'Row locks of the lead writers (src/kpid/store/sql/lead_lock_writers.sql); rows nobody holds are pruned in the background';
COMMENT ON COLUMN lead_write_locks.key IS 'hashtextextended of a written lead''s "p:" phone_norm, "e:" email_norm, "k:" source and external_id, or "i:" id; two values that share a hash only wait for each other';
