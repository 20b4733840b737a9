-- The Citus rules over the migrated schema (after deploy/citus/declared.sql): one row per
-- violation, none when the schema can be distributed by workspace_id.
WITH tables AS (
    SELECT c.oid, c.relname::text AS name, d.kind
    FROM pg_class c
        LEFT JOIN citus_declared d ON d.table_name = c.relname
    WHERE c.relnamespace = 'public'::regnamespace
        AND c.relkind IN ('r', 'p')
        AND NOT c.relispartition
),
ws AS (
    SELECT attrelid, attnum
    FROM pg_attribute
    WHERE attname = 'workspace_id' AND NOT attisdropped
)
-- a distributed table needs its distribution column
SELECT t.name AS table_name, 'no workspace_id column' AS violation
FROM tables t
WHERE t.kind IS NULL
    AND NOT EXISTS (SELECT 1 FROM ws WHERE ws.attrelid = t.oid)
UNION ALL
-- uniqueness can only be enforced within a shard
SELECT t.name, format('%s %s does not include workspace_id',
        CASE WHEN i.indisprimary THEN 'primary key' ELSE 'unique index' END, i.indexrelid::regclass)
FROM tables t
    JOIN pg_index i ON i.indrelid = t.oid AND i.indisunique
    JOIN ws ON ws.attrelid = t.oid
WHERE t.kind IS NULL
    AND NOT ws.attnum = ANY (i.indkey::int2[])
UNION ALL
-- a foreign key between shards must pair workspace_id with workspace_id
SELECT t.name, format('foreign key %s does not pair workspace_id with %s.workspace_id',
        c.conname, c.confrelid::regclass)
FROM tables t
    JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'f'
    JOIN tables r ON r.oid = c.confrelid
    JOIN ws ON ws.attrelid = t.oid
WHERE t.kind IS NULL
    AND NOT EXISTS (
        SELECT 1
        FROM unnest(c.conkey, c.confkey) AS k(col, ref)
        WHERE k.col = ws.attnum
            AND (r.kind IS NOT NULL
                OR k.ref = (SELECT attnum FROM ws WHERE ws.attrelid = r.oid)))
UNION ALL
-- Citus has no foreign keys from reference tables to distributed ones
SELECT t.name, format('reference table references distributed table %s', c.confrelid::regclass)
FROM tables t
    JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'f'
    JOIN tables r ON r.oid = c.confrelid
WHERE t.kind = 'reference' AND r.kind IS NULL
ORDER BY 1, 2;
