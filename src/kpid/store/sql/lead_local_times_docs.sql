-- The local times of documents that set both instants ($2: a JSON array with "ord").
SELECT (e ->> 'ord')::int AS ord, floor(extract(epoch FROM (e ->> 'created_at')::timestamptz AT
    TIME ZONE $1)) AS created_local, floor(extract(epoch FROM (e ->> 'first_contact_at')::timestamptz
    AT TIME ZONE $1)) AS contacted_local
FROM jsonb_array_elements($2::jsonb) AS e
WHERE e ? 'created_at'
    AND e ? 'first_contact_at';
