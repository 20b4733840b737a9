INSERT INTO webhook_sources AS s (workspace_id, name, payload, target, secret, token_hash, field_map,
    preset, basic_auth_username, basic_auth_password_hash)
    VALUES ($1::uuid, $2, $3, coalesce($4, 'lead'), $5, $6, $7::jsonb, coalesce($8, 'generic'), $9,
        $10)
ON CONFLICT (workspace_id, name)
    DO NOTHING
RETURNING id, name, payload, target, preset, secret IS NOT NULL AS signed, previous_secret IS NOT NULL AS
    rotating, token_hash IS NOT NULL AS token_set, basic_auth_username IS NOT NULL AS basic_auth_set,
    field_map, created_at, updated_at, xmax = 0 AS created;
