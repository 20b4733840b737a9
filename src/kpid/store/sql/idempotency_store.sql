UPDATE
    idempotency_keys
SET status = $3::int, response = $4
WHERE workspace_id = $1::uuid
    AND key = $2;
