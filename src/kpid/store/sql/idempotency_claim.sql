INSERT INTO idempotency_keys (workspace_id, key, fingerprint, status, response)
    VALUES ($1::uuid, $2, $3, 0, '')
ON CONFLICT (workspace_id, key)
    DO NOTHING
RETURNING 1;
