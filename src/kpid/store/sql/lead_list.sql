SELECT l.id, l.source, l.external_id, l.channel, l.campaign, l.utm_source,
    l.utm_medium, l.created_at, l.contact_name, l.contact_phone, l.contact_email, l.region,
    l.is_valid, l.invalid_reason, l.is_sql, l.is_brand, l.first_contact_at, l.meeting_at,
    l.proposal_at, l.lost_at, l.lost_reason, l.attributes, l.valid, l.duplicate_of,
    l.stage, l.reaction_minutes, l.erased_at, l.ingested_at, l.updated_at
FROM leads l
WHERE l.workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (l.ingested_at, l.id) > ($2, $3::uuid))
    AND ($5::timestamptz IS NULL
        OR l.created_at >= $5)
    AND ($6::timestamptz IS NULL
        OR l.created_at < $6)
    AND ($7::text IS NULL
        OR l.channel = $7)
    AND ($8::boolean IS NULL
        OR l.valid = $8)
    AND ($9::text IS NULL
        OR l.stage = $9)
ORDER BY l.ingested_at, l.id
LIMIT $4::int;
