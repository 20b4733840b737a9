SELECT e.body, e.erased_at IS NOT NULL AS erased, s.name AS source_name, s.payload, s.target,
    s.field_map,
    to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS received_at
FROM webhook_events e
    JOIN webhook_sources s ON s.workspace_id = e.workspace_id
        AND s.name = e.source_name
WHERE e.workspace_id = $1::uuid
    AND e.id = $2::uuid
FOR UPDATE
    OF e;
