DELETE FROM idempotency_keys
WHERE workspace_id = $1::uuid
    AND key = $2;
