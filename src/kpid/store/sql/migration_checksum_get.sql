SELECT checksum
FROM schema_migrations
WHERE version = $1;
