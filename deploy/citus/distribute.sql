-- Distributes a migrated kpid database on a Citus coordinator (README "Scaling out with
-- Citus"): the tables of declared.sql as reference tables (or left on the coordinator), every
-- other table by workspace_id, all co-located so that one workspace's rows of every table
-- live on the same node and its joins and foreign keys stay on that node.
--
--   psql "$COORDINATOR_URL" -v ON_ERROR_STOP=1 -f deploy/citus/declared.sql -f deploy/citus/distribute.sql
--
-- It reads the catalog, so tables added by later migrations are distributed too; run it once,
-- on a database where `CREATE EXTENSION citus` has been run and the worker nodes added.

-- reference tables first: the distributed tables' foreign keys point at them
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT d.table_name
        FROM citus_declared d
        WHERE d.kind = 'reference' AND to_regclass(d.table_name) IS NOT NULL
        ORDER BY d.table_name <> 'workspaces', d.table_name
    LOOP
        PERFORM create_reference_table(t::regclass);
    END LOOP;
END
$$;

-- then each table whose foreign keys all point at tables already distributed or replicated,
-- co-located with the first
DO $$
DECLARE
    t regclass;
    first regclass;
BEGIN
    LOOP
        SELECT c.oid::regclass INTO t
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace
            AND c.relkind IN ('r', 'p')
            AND NOT c.relispartition
            AND c.relname NOT IN (SELECT table_name FROM citus_declared)
            AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
            AND NOT EXISTS (
                SELECT 1
                FROM pg_constraint f
                WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid
                    AND NOT EXISTS (
                        SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = f.confrelid))
        ORDER BY c.relname
        LIMIT 1;
        EXIT WHEN t IS NULL;
        IF first IS NULL THEN
            PERFORM create_distributed_table(t, 'workspace_id');
            first := t;
        ELSE
            PERFORM create_distributed_table(t, 'workspace_id', colocate_with => first::text);
        END IF;
    END LOOP;
    -- what is left has foreign keys in a cycle or onto a local table: say which
    SELECT c.oid::regclass INTO t
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace
        AND c.relkind IN ('r', 'p')
        AND NOT c.relispartition
        AND c.relname NOT IN (SELECT table_name FROM citus_declared)
        AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
    LIMIT 1;
    IF t IS NOT NULL THEN
        RAISE EXCEPTION 'table % could not be distributed: its foreign keys point at a table '
            'that is neither distributed nor a reference table', t;
    END IF;
END
$$;
