SELECT d.id, d.source, d.external_id, d.lead_id, d.client_ref, d.is_new_client,
    d.channel, d.amount, d.gross_margin, d.status, d.created_at, d.closed_at,
    d.ingested_at, d.updated_at
FROM deals d
WHERE d.workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (d.ingested_at, d.id) > ($2, $3::uuid))
    AND ($5::timestamptz IS NULL
        OR d.closed_at >= $5)
    AND ($6::timestamptz IS NULL
        OR d.closed_at < $6)
    AND ($7::text IS NULL
        OR d.status = $7)
    AND ($8::text IS NULL
        OR d.channel = $8)
ORDER BY d.ingested_at, d.id
LIMIT $4::int;
