-- Audit entries by (at, id), each filter optional: $5 entity, $6 code, $7 from (inclusive),
-- $8 to (exclusive).
SELECT id, at, key_id, key_name, entity, code, action, before::text, after::text
FROM audit_log
WHERE workspace_id = $1::uuid
    AND ($2::timestamptz IS NULL
        OR (at, id) > ($2, $3::uuid))
    AND ($5::text IS NULL
        OR entity = $5)
    AND ($6::text IS NULL
        OR code = $6)
    AND ($7::timestamptz IS NULL
        OR at >= $7)
    AND ($8::timestamptz IS NULL
        OR at < $8)
ORDER BY at, id
LIMIT $4::int;
