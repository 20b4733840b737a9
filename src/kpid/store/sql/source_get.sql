SELECT id, name, payload, target, secret IS NOT NULL, previous_secret IS NOT NULL,
    token_hash IS NOT NULL, field_map, created_at, updated_at
FROM webhook_sources
WHERE workspace_id = $1::uuid
    AND name = $2;
