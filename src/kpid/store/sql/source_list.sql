SELECT id, name, payload, target, preset, secret IS NOT NULL AS signed,
    previous_secret IS NOT NULL AS rotating, token_hash IS NOT NULL AS token_set,
    basic_auth_username IS NOT NULL AS basic_auth_set, field_map, created_at, updated_at,
    n.mapped_events, n.failed_events, n.pending_fetch_events, n.last_error, n.last_error_at,
    fetch_url, fetch_allow_http, fetch_token IS NOT NULL AS fetch_token_set
FROM webhook_sources s
    CROSS JOIN LATERAL webhook_source_event_counts(s.workspace_id, s.name) AS n
WHERE s.workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR (s.name, s.id) > ($2, $3::uuid))
ORDER BY s.name, s.id
LIMIT $4::int;
