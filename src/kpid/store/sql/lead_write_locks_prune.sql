-- Deletes up to $1 rows of lead_write_locks (migration 0033) that no writer holds: SKIP LOCKED
-- passes over the rows of writers in flight, and rows a writer inserted but has not committed
-- are not visible here. A writer that meets a row while this deletes it waits, then inserts it
-- afresh. The rows go by their address (ctid, stable while this statement holds their locks),
-- so the plan is a TID scan whatever the table's statistics say: the table swings between
-- empty and thousands of rows, and a join back on the key, planned from statistics taken when
-- it was empty, rescanned it once per row (9 s for 10,000 rows, against 6 ms).
DELETE FROM lead_write_locks
WHERE ctid = ANY (ARRAY (
            SELECT ctid
            FROM lead_write_locks
            LIMIT $1::int
            FOR UPDATE SKIP LOCKED));
