UPDATE
    api_keys
SET revoked_at = coalesce(revoked_at, now())
WHERE workspace_id = $1::uuid
    AND id = $2::uuid
RETURNING id;
