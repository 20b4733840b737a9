WITH u AS (
    SELECT (e ->> 'ord')::int AS ord, e AS doc, uuid_time_ordered () AS new_id, r.*
    FROM jsonb_array_elements($2::jsonb) AS e, jsonb_populate_record(NULL::deals, e) AS r
), ins AS (
INSERT INTO deals (workspace_id, id, source, external_id, lead_id, client_ref, is_new_client,
    channel, amount, gross_margin, status, created_at, closed_at)
    SELECT $1::uuid, new_id, coalesce(source, 'api'), external_id,
        lead_id, client_ref, is_new_client, coalesce(channel, doc ->> 'lead_channel'), amount, gross_margin,
        coalesce(status, 'open'), created_at, closed_at
    FROM u
    ON CONFLICT (workspace_id, source, external_id)
    WHERE external_id IS NOT NULL
            DO NOTHING
        RETURNING id
)
    SELECT u.ord, u.new_id AS id
    FROM u
        JOIN ins ON ins.id = u.new_id;
