-- Per document: the stored deal it updates (by id for a patch, else by natural key) and the
-- lead it names (lead_id, or lead_external_id among leads of the deal's source).
SELECT (e ->> 'ord')::int AS ord, x.id IS NOT NULL AS lead_found, x.id AS lead_id,
    x.channel AS lead_channel, d.id IS NOT NULL AS deal_found, d.status,
    d.closed_at IS NOT NULL AS has_closed_at, d.lead_id AS stored_lead_id, (
        SELECT p.channel
        FROM leads p
        WHERE p.workspace_id = $1::uuid
            AND p.id = d.lead_id) AS stored_lead_channel
FROM jsonb_array_elements($2::jsonb) AS e
    LEFT JOIN LATERAL (
        SELECT y.id, y.source, y.status, y.closed_at, y.lead_id
        FROM deals y
        WHERE y.workspace_id = $1::uuid
            AND y.id = (e ->> 'id')::uuid
        UNION ALL
        SELECT y.id, y.source, y.status, y.closed_at, y.lead_id
        FROM deals y
        WHERE y.workspace_id = $1::uuid
            AND e ->> 'id' IS NULL
            AND y.source = coalesce(e ->> 'source', 'api')
            AND y.external_id = e ->> 'external_id'
        LIMIT 1) AS d ON TRUE
    LEFT JOIN LATERAL (
        SELECT z.id, z.channel
        FROM leads z
        WHERE z.workspace_id = $1::uuid
            AND z.id = (e ->> 'lead_id')::uuid
        UNION ALL
        SELECT z.id, z.channel
        FROM leads z
        WHERE z.workspace_id = $1::uuid
            AND z.source = coalesce(e ->> 'source', d.source, 'api')
            AND z.external_id = e ->> 'lead_external_id'
        LIMIT 1) AS x ON TRUE;
