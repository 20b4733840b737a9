UPDATE
    idempotency_keys
SET status = $3::int, response = $4, headers = $5::jsonb
WHERE workspace_id = $1::uuid
    AND key = $2;
