-- Contact data, its normalised forms and the free-form attributes (which may hold personal
-- data too) go; channel, timestamps, validity, stage and the natural key stay. The inbox
-- events that wrote the lead lose their raw bodies, which hold the same data as sent
-- (webhook_events_written finds them). The stored answers of POSTs with an Idempotency-Key
-- that answered with the lead (stored as it was then, at or after its ingested_at) get its
-- erased contact, attributes and times, so that a replay shows the lead erased.
WITH erased AS (
    UPDATE
        leads
    SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, phone_norm = NULL,
        email_norm = NULL, attributes = '{}',
        erased_at = coalesce(erased_at, now()), updated_at = CASE WHEN erased_at IS NULL THEN
            now()
        ELSE
            updated_at
        END
    WHERE workspace_id = $1::uuid
        AND id = $2::uuid
    RETURNING id, ingested_at, erased_at, updated_at
),
forgotten AS (
    UPDATE
        idempotency_keys k
    SET response = (k.response::jsonb || jsonb_build_object('contact',
            jsonb_build_object('name', NULL, 'phone', NULL, 'email', NULL), 'attributes',
            '{}'::jsonb, 'erased_at', replace((e.erased_at AT TIME ZONE 'UTC')::text, ' ', 'T')
            || 'Z', 'updated_at', replace((e.updated_at AT TIME ZONE 'UTC')::text, ' ', 'T')
            || 'Z'))::text
    FROM erased e
    WHERE k.workspace_id = $1::uuid
        AND k.created_at >= e.ingested_at
        AND k.response LIKE '%' || e.id::text || '%'
        AND nullif(k.response, '')::jsonb ->> 'id' = e.id::text
),
scrubbed AS (
    UPDATE
        webhook_events e
    SET body = ''::bytea, erased_at = now()
    WHERE e.workspace_id = $1::uuid
        AND e.result @> jsonb_build_array(jsonb_build_object('id', $2::uuid::text))
        AND e.erased_at IS NULL
        AND EXISTS (
            SELECT
            FROM erased)
)
SELECT id
FROM erased;
