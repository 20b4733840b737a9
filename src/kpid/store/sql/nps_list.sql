SELECT id, score, responded_at, client_ref, external_id, ingested_at
FROM nps_responses
WHERE workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (responded_at, id) > ($2, $3::uuid))
    AND ($5::timestamptz IS NULL
        OR responded_at >= $5::timestamptz)
    AND ($6::timestamptz IS NULL
        OR responded_at < $6::timestamptz)
    AND ($7::text IS NULL
        OR client_ref = $7)
ORDER BY responded_at, id
LIMIT $4::int;
