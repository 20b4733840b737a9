INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scopes)
    VALUES ($1::uuid, $2, $3, $4, $5::text[])
RETURNING id, name, scopes, prefix, created_at;
