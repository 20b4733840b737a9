-- Inserts a source; on a taken name, $15 true replaces the existing one and false leaves it
-- alone and returns no row. A new secret moves the current one to previous_secret, where it
-- is still accepted until the next change or until previous_secret is cleared. $11, $12, $13
-- and $14 say what a replace does with the secret, the token, previous_secret and the Basic
-- credentials: keep, clear or set. $16 and $17 say the same of the fetch settings ($18 url,
-- $20 allow_http) and of the fetch token ($19); a cleared fetch clears its token too. The
-- saved source comes back with its inbox counts.
WITH saved AS (
    INSERT INTO webhook_sources AS s (workspace_id, name, payload, target, secret, token_hash,
        field_map, preset, basic_auth_username, basic_auth_password_hash, fetch_url, fetch_token,
        fetch_allow_http)
        VALUES ($1::uuid, $2, $3, coalesce($4, 'lead'), $5, $6, $7::jsonb, coalesce($8, 'generic'),
            $9, $10, $18, $19, coalesce($20::boolean, false))
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
            END,
            fetch_url = CASE $16 WHEN 'keep' THEN s.fetch_url ELSE EXCLUDED.fetch_url END,
            fetch_allow_http = CASE $16
                WHEN 'keep' THEN s.fetch_allow_http
                ELSE EXCLUDED.fetch_allow_http
            END,
            fetch_token = CASE
                WHEN $16 = 'clear' THEN NULL
                WHEN $17 = 'keep' THEN s.fetch_token
                ELSE EXCLUDED.fetch_token
            END
        WHERE $15::boolean
    RETURNING workspace_id, id, name, payload, target, preset, secret IS NOT NULL AS signed,
        previous_secret IS NOT NULL AS rotating, token_hash IS NOT NULL AS token_set,
        basic_auth_username IS NOT NULL AS basic_auth_set, field_map, created_at, updated_at,
        fetch_url, fetch_allow_http, fetch_token IS NOT NULL AS fetch_token_set,
        xmax = 0 AS created
)
SELECT saved.*, n.mapped_events, n.failed_events, n.pending_fetch_events, n.last_error,
    n.last_error_at
FROM saved
    CROSS JOIN LATERAL webhook_source_event_counts(saved.workspace_id, saved.name) AS n;
