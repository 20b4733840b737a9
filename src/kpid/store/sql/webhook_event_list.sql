SELECT id, source_name, received_at, status, error, attempts,
    result, content_type, body, processed_at, erased_at
FROM webhook_events
WHERE workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (received_at, id) > ($2, $3::uuid))
    AND ($5::text IS NULL
        OR status = $5)
    AND ($6::text IS NULL
        OR source_name = $6)
ORDER BY received_at, id
LIMIT $4::int;
