-- The tables kpid does NOT distribute by workspace_id when it runs on Citus, and why. Every
-- other table is distributed by workspace_id (deploy/citus/distribute.sql) and must keep
-- workspace_id in its primary key, unique indexes and foreign keys (make check-schema-rules).
-- A new table that cannot follow those rules is declared here, with its reason.
CREATE TEMP TABLE citus_declared (
    table_name text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('reference', 'local')),
    reason text NOT NULL
);
INSERT INTO citus_declared (table_name, kind, reason)
VALUES
    ('workspaces', 'reference',
        'the tenants themselves; every distributed table references them'),
    ('api_keys', 'reference',
        'a request is authenticated by its key hash before its workspace is known: the lookup '
        'must reach one table on every node; few rows, written when a key is made or revoked '
        'and last_used_at at most once a minute'),
    ('workspace_limits', 'reference',
        'read together with the key, before the workspace is known; one row per workspace'),
    ('webhook_sources', 'reference',
        'a webhook delivery names its source by id before its workspace is known; few rows, '
        'written when a source is saved (its event counts are in webhook_source_counts)'),
    ('reporting_roles', 'reference',
        'maps a database login role (cluster-wide, unique by name) to its workspace; the '
        'reporting views read it by current_user on every node; one row per granted workspace'),
    ('schema_migrations', 'local', 'kpid migrate''s bookkeeping, on the coordinator only'),
    ('schema_functions', 'local', 'kpid migrate''s bookkeeping, on the coordinator only');
