-- Stored responses of POST requests sent with an Idempotency-Key header.

CREATE TABLE idempotency_keys (
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key           text        NOT NULL,
    fingerprint   text        NOT NULL,
    status        integer     NOT NULL,
    response      text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, key)
);
COMMENT ON TABLE idempotency_keys IS 'The response to a POST with an Idempotency-Key, written in the same transaction as the POST''s data; replayed for 24 hours';
COMMENT ON COLUMN idempotency_keys.fingerprint IS 'SHA-256 over method, path and body: the same key with another request is refused';
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
