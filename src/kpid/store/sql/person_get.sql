SELECT person_doc(p)::text AS doc
FROM people p
WHERE workspace_id = $1::uuid
    AND code = $2;
