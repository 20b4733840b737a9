-- Deletes up to $1 rows of lead_write_locks (migration 0033) that no writer holds: SKIP LOCKED
-- passes over the rows of writers in flight, and rows a writer inserted but has not committed
-- are not visible here. A writer that meets a row while this deletes it waits, then inserts it
-- afresh.
DELETE FROM lead_write_locks
WHERE (workspace_id, key) IN (
        SELECT workspace_id, key
        FROM lead_write_locks
        LIMIT $1::int
        FOR UPDATE SKIP LOCKED);
