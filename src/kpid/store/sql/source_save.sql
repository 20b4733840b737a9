-- Inserts a source; on a taken name, $15 true replaces the existing one and false leaves it
-- alone and returns no row. A new secret moves the current one to previous_secret, where it
-- is still accepted until the next change or until previous_secret is cleared. $11, $12, $13
-- and $14 say what a replace does with the secret, the token, previous_secret and the Basic
-- credentials: keep, clear or set.
INSERT INTO webhook_sources AS s (workspace_id, name, payload, target, secret, token_hash, field_map,
    preset, basic_auth_username, basic_auth_password_hash)
    VALUES ($1::uuid, $2, $3, coalesce($4, 'lead'), $5, $6, $7::jsonb, coalesce($8, 'generic'), $9,
        $10)
ON CONFLICT (workspace_id, name)
    DO UPDATE SET
        payload = EXCLUDED.payload, target = EXCLUDED.target, field_map = EXCLUDED.field_map,
        preset = EXCLUDED.preset, updated_at = now(),
        secret = CASE $11 WHEN 'keep' THEN s.secret ELSE EXCLUDED.secret END,
        previous_secret = CASE
            WHEN $11 = 'clear' OR $13 = 'clear' THEN NULL
            WHEN $11 = 'set' AND s.secret IS DISTINCT FROM EXCLUDED.secret THEN s.secret
            ELSE s.previous_secret
        END,
        token_hash = CASE $12 WHEN 'keep' THEN s.token_hash ELSE EXCLUDED.token_hash END,
        basic_auth_username = CASE $14
            WHEN 'keep' THEN s.basic_auth_username
            ELSE EXCLUDED.basic_auth_username
        END,
        basic_auth_password_hash = CASE $14
            WHEN 'keep' THEN s.basic_auth_password_hash
            ELSE EXCLUDED.basic_auth_password_hash
        END
    WHERE $15::boolean
RETURNING id, name, payload, target, preset, secret IS NOT NULL AS signed,
    previous_secret IS NOT NULL AS rotating, token_hash IS NOT NULL AS token_set,
    basic_auth_username IS NOT NULL AS basic_auth_set, field_map, created_at, updated_at,
    mapped_events, failed_events, pending_fetch_events, last_error, last_error_at,
    xmax = 0 AS created;
