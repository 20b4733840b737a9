-- Per document: the stored deal it updates (by id for a patch, else by natural key) and the
-- lead it names (lead_id, or lead_external_id among leads of the deal's source).
-- Columns: ord, lead found, lead id, lead channel, deal found, status, has closed_at,
-- stored lead id, stored lead's channel.
SELECT (e ->> 'ord')::int, x.id IS NOT NULL, x.id, x.channel, d.id IS NOT NULL, d.status,
    d.closed_at IS NOT NULL, d.lead_id, (
        SELECT p.channel
        FROM leads p
        WHERE p.workspace_id = $1::uuid
            AND p.id = d.lead_id)
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
