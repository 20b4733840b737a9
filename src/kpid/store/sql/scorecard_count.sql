SELECT count(*), coalesce(bool_or(code = $2), FALSE)
FROM scorecards
WHERE workspace_id = $1::uuid;
