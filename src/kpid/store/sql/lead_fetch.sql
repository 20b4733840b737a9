SELECT l.id, l.source, l.external_id, l.channel, l.campaign, l.utm_source,
    l.utm_medium, l.created_at, l.contact_name, l.contact_phone, l.contact_email, l.region,
    l.is_valid, l.invalid_reason, l.is_sql, l.is_brand, l.first_contact_at, l.meeting_at,
    l.proposal_at, l.lost_at, l.lost_reason, l.attributes, l.valid, l.duplicate_of,
    l.stage, l.reaction_minutes, l.erased_at, l.ingested_at, l.updated_at
FROM leads l
WHERE l.workspace_id = $1::uuid
    AND l.id = $2::uuid;
