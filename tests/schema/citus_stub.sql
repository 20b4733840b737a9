-- Stand-ins for the Citus functions deploy/citus/distribute.sql calls (Citus is not in
-- Debian): each records the table as Citus would, in a pg_dist_partition of its own, and
-- refuses a table whose foreign keys point at one not yet distributed, as Citus does.
CREATE SCHEMA citus_stub;
CREATE TABLE citus_stub.pg_dist_partition (
    logicalrelid regclass PRIMARY KEY,
    kind text NOT NULL
);
CREATE FUNCTION citus_stub.refuse_dangling(t regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    target regclass;
BEGIN
    SELECT f.confrelid::regclass INTO target
    FROM pg_constraint f
    WHERE f.conrelid = t AND f.contype = 'f' AND f.confrelid <> t
        AND NOT EXISTS (
            SELECT 1 FROM citus_stub.pg_dist_partition p WHERE p.logicalrelid = f.confrelid)
    LIMIT 1;
    IF target IS NOT NULL THEN
        RAISE EXCEPTION '% references % which is not distributed yet', t, target;
    END IF;
END
$$;
CREATE FUNCTION citus_stub.create_reference_table(t regclass) RETURNS void LANGUAGE sql AS $$
    SELECT citus_stub.refuse_dangling(t);
    INSERT INTO citus_stub.pg_dist_partition VALUES (t, 'reference');
$$;
CREATE FUNCTION citus_stub.create_distributed_table(t regclass, distribution_column text,
        colocate_with text DEFAULT 'default') RETURNS void LANGUAGE sql AS $$
    SELECT citus_stub.refuse_dangling(t);
    INSERT INTO citus_stub.pg_dist_partition VALUES (t, 'distributed by ' || distribution_column);
$$;
SET search_path = public, citus_stub;
