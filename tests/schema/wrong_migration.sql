-- A migration that breaks each Citus rule once; make check-schema-rules must refuse it.
CREATE TABLE wrong_global (
    id bigint PRIMARY KEY
);
CREATE TABLE wrong_notes (
    id bigint PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    global_id bigint REFERENCES wrong_global (id),
    slug text NOT NULL UNIQUE
);
ALTER TABLE webhook_sources
    ADD COLUMN note_id bigint REFERENCES wrong_notes (id);
