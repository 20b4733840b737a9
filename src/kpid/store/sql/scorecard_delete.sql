DELETE FROM scorecards
WHERE workspace_id = $1::uuid
    AND code = $2
RETURNING code;
