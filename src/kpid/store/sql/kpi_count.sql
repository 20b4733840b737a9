-- separate statements: under READ COMMITTED the count after the lock sees every create that
-- committed before the lock was granted
SELECT count(*) AS existing, coalesce(bool_or(code = $2), FALSE) AS key_exists
FROM kpis
WHERE workspace_id = $1::uuid;
