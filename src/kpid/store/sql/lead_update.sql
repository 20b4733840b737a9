WITH u AS (
    SELECT (e ->> 'ord')::int AS ord, e AS doc, uuid_time_ordered () AS new_id, r.*
    FROM jsonb_array_elements($2::jsonb) AS e, jsonb_populate_record(NULL::leads, e) AS r
), k AS (
    SELECT u.ord, l.id
    FROM u
        JOIN leads l ON l.workspace_id = $1::uuid
            AND l.id = u.id
        UNION ALL
        SELECT u.ord, l.id
        FROM u
        JOIN leads l ON l.workspace_id = $1::uuid
            AND u.id IS NULL
            AND l.source = coalesce(u.source, 'api')
            AND l.external_id = u.external_id
), n AS (
    SELECT k.ord, l.id, CASE WHEN u.doc ? 'channel' THEN
            u.channel
        ELSE
            l.channel
        END AS channel, CASE WHEN u.doc ? 'campaign' THEN
            u.campaign
        ELSE
            l.campaign
        END AS campaign, CASE WHEN u.doc ? 'utm_source' THEN
            u.utm_source
        ELSE
            l.utm_source
        END AS utm_source,
        CASE WHEN u.doc ? 'utm_medium' THEN
            u.utm_medium
        ELSE
            l.utm_medium
        END AS utm_medium, CASE WHEN u.doc ? 'created_at' THEN
            u.created_at
        ELSE
            l.created_at
        END AS created_at, CASE WHEN l.erased_at IS NOT NULL THEN
            NULL
        WHEN u.doc ? 'contact_name' THEN
            u.contact_name
        ELSE
            l.contact_name
        END AS contact_name, CASE WHEN l.erased_at IS NOT NULL THEN
            NULL
        WHEN u.doc ? 'contact_phone' THEN
            u.contact_phone
        ELSE
            l.contact_phone
        END AS contact_phone, CASE WHEN l.erased_at IS NOT NULL THEN
            NULL
        WHEN u.doc ? 'contact_email' THEN
            u.contact_email
        ELSE
            l.contact_email
        END AS contact_email, CASE WHEN l.erased_at IS NOT NULL THEN
            NULL
        WHEN u.doc ? 'phone_norm' THEN
            u.phone_norm
        ELSE
            l.phone_norm
        END AS phone_norm,
        CASE WHEN l.erased_at IS NOT NULL THEN
            NULL
        WHEN u.doc ? 'email_norm' THEN
            u.email_norm
        ELSE
            l.email_norm
        END AS email_norm, CASE WHEN u.doc ? 'region' THEN
            u.region
        ELSE
            l.region
        END AS region, CASE WHEN u.doc ? 'is_valid' THEN
            u.is_valid
        ELSE
            l.is_valid
        END AS is_valid, CASE WHEN u.doc ? 'invalid_reason' THEN
            u.invalid_reason
        ELSE
            l.invalid_reason
        END AS invalid_reason, CASE WHEN u.doc ? 'is_sql' THEN
            coalesce(u.is_sql, FALSE)
        ELSE
            l.is_sql
        END AS is_sql, CASE WHEN u.doc ? 'is_brand' THEN
            coalesce(u.is_brand, FALSE)
        ELSE
            l.is_brand
        END AS is_brand,
        CASE WHEN u.doc ? 'first_contact_at' THEN
            u.first_contact_at
        ELSE
            l.first_contact_at
        END AS first_contact_at, CASE WHEN u.doc ? 'meeting_at' THEN
            u.meeting_at
        ELSE
            l.meeting_at
        END AS meeting_at, CASE WHEN u.doc ? 'proposal_at' THEN
            u.proposal_at
        ELSE
            l.proposal_at
        END AS proposal_at, CASE WHEN u.doc ? 'lost_at' THEN
            u.lost_at
        ELSE
            l.lost_at
        END AS lost_at, CASE WHEN u.doc ? 'lost_reason' THEN
            u.lost_reason
        ELSE
            l.lost_reason
        END AS lost_reason, CASE WHEN u.doc ? 'attributes' THEN
            coalesce(u.attributes, '{}')
        ELSE
            l.attributes
        END AS attributes,
        CASE WHEN u.doc ? 'reaction_minutes' THEN
            u.reaction_minutes
        ELSE
            l.reaction_minutes
        END AS reaction_minutes
    FROM k
    JOIN u ON u.ord = k.ord
    JOIN leads l ON l.workspace_id = $1::uuid
        AND l.id = k.id
), upd AS (
    UPDATE
        leads l
    SET (channel, campaign, utm_source, utm_medium, created_at, contact_name,
            contact_phone, contact_email, phone_norm, email_norm, region, is_valid,
            invalid_reason, is_sql, is_brand, first_contact_at, meeting_at, proposal_at,
            lost_at, lost_reason, attributes, reaction_minutes) = (n.channel, n.campaign, n.utm_source,
            n.utm_medium, n.created_at, n.contact_name, n.contact_phone, n.contact_email, n.phone_norm,
            n.email_norm, n.region, n.is_valid, n.invalid_reason, n.is_sql, n.is_brand,
            n.first_contact_at, n.meeting_at, n.proposal_at, n.lost_at, n.lost_reason, n.attributes,
            n.reaction_minutes), updated_at = now()
    FROM n
    WHERE l.workspace_id = $1::uuid
        AND l.id = n.id
        AND (l.channel, l.campaign, l.utm_source, l.utm_medium, l.created_at, l.contact_name,
            l.contact_phone, l.contact_email, l.phone_norm, l.email_norm, l.region, l.is_valid,
            l.invalid_reason, l.is_sql, l.is_brand, l.first_contact_at, l.meeting_at, l.proposal_at,
	    l.lost_at, l.lost_reason, l.attributes, l.reaction_minutes) IS DISTINCT FROM
		(n.channel, n.campaign, n.utm_source, n.utm_medium, n.created_at, n.contact_name,
            n.contact_phone, n.contact_email, n.phone_norm, n.email_norm, n.region, n.is_valid,
            n.invalid_reason, n.is_sql, n.is_brand, n.first_contact_at, n.meeting_at, n.proposal_at,
            n.lost_at, n.lost_reason, n.attributes, n.reaction_minutes)
    RETURNING l.id
)
SELECT n.ord, n.id
FROM n;
