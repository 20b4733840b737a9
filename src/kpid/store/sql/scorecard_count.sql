SELECT count(*) AS existing, coalesce(bool_or(code = $2), FALSE) AS key_exists
FROM scorecards
WHERE workspace_id = $1::uuid;
