-- Inserts a source; on a taken name, $11 true replaces the existing one and false leaves it
-- alone and returns no row. A new secret moves the current one to previous_secret, where it
-- is still accepted until the next change or until previous_secret is cleared.
INSERT INTO webhook_sources AS s (workspace_id, name, payload, target, secret, token_hash, field_map)
    VALUES ($1::uuid, $2, $3, coalesce($4, 'lead'), $5, $6, $7::jsonb)
ON CONFLICT (workspace_id, name)
    DO UPDATE SET
	payload = EXCLUDED.payload, target = EXCLUDED.target, field_map = EXCLUDED.field_map,
	    updated_at = now(), secret = CASE $8
        WHEN 'keep' THEN
            s.secret
        ELSE
            EXCLUDED.secret
        END, previous_secret = CASE WHEN $8 = 'clear'
            OR $10 = 'clear' THEN
            NULL
        WHEN $8 = 'set'
            AND s.secret IS DISTINCT FROM EXCLUDED.secret THEN
            s.secret
        ELSE
            s.previous_secret
        END, token_hash = CASE $9
        WHEN 'keep' THEN
            s.token_hash
        ELSE
            EXCLUDED.token_hash
        END
    WHERE $11::boolean
    RETURNING id, name, payload, target, secret IS NOT NULL AS signed, previous_secret IS NOT NULL
	AS rotating, token_hash IS NOT NULL AS token_set, field_map, created_at, updated_at,
	mapped_events, failed_events, pending_fetch_events, last_error, last_error_at, xmax = 0
	AS created, (secret IS NOT NULL
        OR token_hash IS NOT NULL) AS can_authenticate;
