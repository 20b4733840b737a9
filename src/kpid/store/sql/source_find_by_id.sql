SELECT workspace_id, name, payload, target, preset, secret, previous_secret,
    token_hash, basic_auth_username, basic_auth_password_hash, field_map,
    fetch_url IS NOT NULL AS fetches
FROM webhook_sources
WHERE id = $1::uuid;
