SELECT id, name, scopes, prefix, created_at, last_used_at,
    revoked_at
FROM api_keys
WHERE workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (created_at, id) > ($2, $3::uuid))
ORDER BY created_at, id
LIMIT $4::int;
