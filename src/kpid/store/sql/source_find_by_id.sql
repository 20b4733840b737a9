SELECT workspace_id, name, payload, target, secret, previous_secret,
    token_hash, field_map
FROM webhook_sources
WHERE id = $1::uuid;
