INSERT INTO webhook_sources AS s (workspace_id, name, payload, target, secret, token_hash, field_map)
    VALUES ($1::uuid, $2, $3, coalesce($4, 'lead'), $5, $6, $7::jsonb)
ON CONFLICT (workspace_id, name)
    DO NOTHING
RETURNING id, name, payload, target, secret IS NOT NULL AS signed, previous_secret IS NOT NULL AS
    rotating, token_hash IS NOT NULL AS token_set, field_map, created_at, updated_at, mapped_events,
    failed_events, pending_fetch_events, last_error, last_error_at, xmax = 0 AS
    created, (secret IS NOT NULL
        OR token_hash IS NOT NULL) AS can_authenticate;
