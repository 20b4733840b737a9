WITH u AS (
    SELECT (e ->> 'ord')::int AS ord, e AS doc, uuid_time_ordered () AS new_id, r.*
    FROM jsonb_array_elements($2::jsonb) AS e, jsonb_populate_record(NULL::deals, e) AS r
), k AS (
    SELECT u.ord, l.id
    FROM u
        JOIN deals l ON l.workspace_id = $1::uuid
            AND l.id = u.id
        UNION ALL
        SELECT u.ord, l.id
        FROM u
        JOIN deals l ON l.workspace_id = $1::uuid
            AND u.id IS NULL
            AND l.source = coalesce(u.source, 'api')
            AND l.external_id = u.external_id
), n AS (
    SELECT k.ord, l.id, CASE WHEN u.doc ? 'lead_id' THEN
            u.lead_id
        ELSE
            l.lead_id
        END AS lead_id, CASE WHEN u.doc ? 'client_ref' THEN
            u.client_ref
        ELSE
            l.client_ref
        END AS client_ref, CASE WHEN u.doc ? 'is_new_client' THEN
            u.is_new_client
        ELSE
            l.is_new_client
        END AS is_new_client,
        CASE WHEN u.doc ? 'channel' THEN
            coalesce(u.channel, u.doc ->> 'lead_channel')
        ELSE
            coalesce(l.channel, u.doc ->> 'lead_channel')
        END AS channel, CASE WHEN u.doc ? 'amount' THEN
            u.amount
        ELSE
            l.amount
        END AS amount, CASE WHEN u.doc ? 'gross_margin' THEN
            u.gross_margin
        ELSE
            l.gross_margin
        END AS gross_margin, CASE WHEN u.doc ? 'status' THEN
            coalesce(u.status, 'open')
        ELSE
            l.status
        END AS status, CASE WHEN u.doc ? 'created_at' THEN
            u.created_at
        ELSE
            l.created_at
        END AS created_at, CASE WHEN u.doc ? 'closed_at' THEN
            u.closed_at
        ELSE
            l.closed_at
        END AS closed_at
    FROM k
    JOIN u ON u.ord = k.ord
    JOIN deals l ON l.workspace_id = $1::uuid
        AND l.id = k.id
), upd AS (
    UPDATE
        deals l
    SET (lead_id, client_ref, is_new_client, channel, amount, gross_margin,
            status, created_at, closed_at) = (n.lead_id, n.client_ref, n.is_new_client, n.channel,
            n.amount, n.gross_margin, n.status, n.created_at, n.closed_at), updated_at = now()
    FROM n
    WHERE l.workspace_id = $1::uuid
        AND l.id = n.id
        AND (l.lead_id, l.client_ref, l.is_new_client, l.channel, l.amount, l.gross_margin,
	    l.status, l.created_at, l.closed_at) IS DISTINCT FROM (n.lead_id, n.client_ref,
		n.is_new_client, n.channel, n.amount, n.gross_margin,
            n.status, n.created_at, n.closed_at)
    RETURNING l.id
)
SELECT n.ord, n.id
FROM n;
