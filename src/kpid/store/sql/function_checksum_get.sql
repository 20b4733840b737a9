-- The SHA-256 of the function file ($1, its name under src/kpid/store/functions/) that was
-- last run.
SELECT checksum
FROM schema_functions
WHERE name = $1;
