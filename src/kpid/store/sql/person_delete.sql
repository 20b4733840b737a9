DELETE FROM people
WHERE workspace_id = $1::uuid
    AND code = $2
RETURNING code;
