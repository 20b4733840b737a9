SELECT d.id, d.source, d.external_id, d.lead_id, d.client_ref, d.is_new_client,
    d.channel, d.amount, d.gross_margin, d.status, d.created_at, d.closed_at,
    d.ingested_at, d.updated_at
FROM deals d
WHERE d.workspace_id = $1::uuid
    AND d.id = $2::uuid;
