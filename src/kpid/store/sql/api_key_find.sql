-- Looks the key up; last_used_at is refreshed at most once a minute to keep reads cheap.
WITH k AS (
    SELECT id, workspace_id, scopes, last_used_at
    FROM api_keys
    WHERE key_hash = $1
        AND revoked_at IS NULL
), touched AS (
    UPDATE
        api_keys
    SET last_used_at = now()
    WHERE id = (
            SELECT id
            FROM k)
            AND (last_used_at IS NULL
                OR last_used_at < now() - interval '1 minute'))
SELECT id, workspace_id, scopes
FROM k;
