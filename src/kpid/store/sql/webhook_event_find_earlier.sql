SELECT id, coalesce(signature = $4, FALSE) AS replayed_signature
FROM webhook_events
WHERE workspace_id = $1::uuid
    AND source_name = $2
    AND (body_sha256 = $3
        OR signature = $4)
ORDER BY 2 DESC
LIMIT 1;
