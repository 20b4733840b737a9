-- Workspaces (one company's data each) and the API keys that act inside them.

CREATE TABLE workspaces (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE workspaces IS 'A tenant: every other table carries workspace_id and every query is confined to one';

CREATE TABLE api_keys (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    name         text        NOT NULL,
    prefix       text        NOT NULL,
    key_hash     text        NOT NULL,
    scopes       text[]      NOT NULL
                 CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['ingest', 'read', 'admin']),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (workspace_id, id)
);
COMMENT ON TABLE api_keys IS 'Bearer keys; the secret itself is never stored';
COMMENT ON COLUMN api_keys.prefix IS 'First characters of the key, not secret, to recognise it in lists and logs';
COMMENT ON COLUMN api_keys.key_hash IS 'Hex SHA-256 of the whole key';
COMMENT ON COLUMN api_keys.last_used_at IS 'Refreshed at most once a minute';

-- Requests arrive with only the key, so the lookup by hash spans workspaces; the key is
-- random, so the hash is unique on its own (a sharded deployment keeps this table whole).
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
