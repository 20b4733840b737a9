-- Locks the leads whose stage the batch may change, in one order, so that concurrent deals
-- of one lead derive its stage one after the other.
SELECT 1
FROM leads
WHERE workspace_id = $1::uuid
    AND id = ANY ($2::uuid[])
ORDER BY id
FOR UPDATE;
