-- Dedupe on the body, replay protection on the signature: a row that is already there
-- makes the insert do nothing and the lookup below says which.
INSERT INTO webhook_events (workspace_id, source_name, content_type, body, body_sha256, signature)
    VALUES ($1::uuid, $2, $3, $4::bytea, $5, $6)
ON CONFLICT
    DO NOTHING
RETURNING id;
