-- The local times of documents that set both instants ($2: a JSON array with "ord").
SELECT (e ->> 'ord')::int, floor(extract(epoch FROM (e ->> 'created_at')::timestamptz AT
    TIME ZONE $1)), floor(extract(epoch FROM (e ->> 'first_contact_at')::timestamptz AT TIME ZONE $1))
FROM jsonb_array_elements($2::jsonb) AS e
WHERE e ? 'created_at'
    AND e ? 'first_contact_at';
