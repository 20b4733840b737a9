SELECT id
FROM leads
WHERE workspace_id = $1::uuid
    AND source = $2
    AND external_id = $3;
