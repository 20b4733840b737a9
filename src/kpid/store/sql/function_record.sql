-- Records that the function file $1 with SHA-256 $2 was run.
INSERT INTO schema_functions (name, checksum)
    VALUES ($1, $2)
ON CONFLICT (name)
    DO UPDATE SET checksum = excluded.checksum, applied_at = now();
