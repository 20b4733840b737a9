-- The login roles of `kpid reporting grant|revoke`: one per workspace, allowed to read the
-- views of schema reporting (those created later too, by default privileges) and nothing else
-- of kpid's. The views show such a role its workspace's rows only (reporting_roles).

-- Creates the workspace's role with this password, or sets the password of the one it has.
-- Returns the role's name; NULL when there is no such workspace.
CREATE OR REPLACE FUNCTION reporting_grant(workspace text, password text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    ws uuid;
    role text;
BEGIN
    SELECT w.id INTO ws FROM workspaces w WHERE w.name = workspace;
    IF ws IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT r.role_name INTO role FROM reporting_roles r WHERE r.workspace_id = ws FOR UPDATE;
    IF role IS NULL THEN
        -- roles are shared by every database of the cluster: the workspace id keeps it apart
        role := 'kpid_' || lower(regexp_replace(left(workspace, 40), '[^A-Za-z0-9_]', '_', 'g'))
                || '_' || left(replace(ws::text, '-', ''), 12);
        INSERT INTO reporting_roles (workspace_id, role_name) VALUES (ws, role);
    ELSE
        UPDATE reporting_roles SET rotated_at = now() WHERE workspace_id = ws;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
        EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', role, password);
    ELSE
        EXECUTE format('CREATE ROLE %I WITH LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB'
                       ' NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS', role, password);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA reporting TO %I', role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO %I', role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO %I',
                   role);
    RETURN role;
END $$;

-- Drops the workspace's role with every privilege it was given. Returns its name; NULL when
-- the workspace has none.
CREATE OR REPLACE FUNCTION reporting_revoke(workspace text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    role text;
BEGIN
    DELETE FROM reporting_roles r USING workspaces w
    WHERE w.name = workspace AND r.workspace_id = w.id
    RETURNING r.role_name INTO role;
    IF role IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
        RETURN role;
    END IF;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA reporting REVOKE SELECT ON TABLES FROM %I',
                   role);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA reporting FROM %I', role);
    EXECUTE format('REVOKE USAGE ON SCHEMA reporting FROM %I', role);
    EXECUTE format('DROP ROLE %I', role);
    RETURN role;
END $$;
