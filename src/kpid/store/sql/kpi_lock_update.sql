SELECT code
FROM kpis
WHERE workspace_id = $1::uuid
    AND code IN (
        SELECT jsonb_array_elements_text($2::jsonb))
ORDER BY code
FOR UPDATE;
