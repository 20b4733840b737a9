SELECT count(*), coalesce(bool_or(name = $2), FALSE)
FROM webhook_sources
WHERE workspace_id = $1::uuid;
