-- The workspace's people by code, optionally of one department, after a code.
SELECT code, person_doc(p)::text AS doc
FROM people p
WHERE workspace_id = $1::uuid
    AND ($2::text IS NULL
        OR department = $2)
    AND ($3::text IS NULL
        OR code > $3)
ORDER BY code
LIMIT $4::int;
