SELECT count(*) AS existing, coalesce(bool_or(name = $2), FALSE) AS key_exists
FROM webhook_sources
WHERE workspace_id = $1::uuid;
