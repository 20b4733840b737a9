SELECT fingerprint, status, response, created_at < now() - interval '24 hours' AS expired,
    headers
FROM idempotency_keys
WHERE workspace_id = $1::uuid
    AND key = $2;
