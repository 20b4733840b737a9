SELECT id, floor(extract(epoch FROM created_at AT TIME ZONE $2)) AS created_local,
    floor(extract(epoch FROM first_contact_at AT TIME ZONE $2)) AS contacted_local
FROM leads
WHERE workspace_id = $1::uuid
    AND first_contact_at IS NOT NULL;
