-- Source presets: a webhook source names the sender it speaks for (its authentication,
-- payload and default field map), and may check HTTP Basic credentials (Pipedrive).
ALTER TABLE webhook_sources
    ADD COLUMN preset text NOT NULL DEFAULT 'generic'
        CONSTRAINT webhook_sources_preset_check
        CHECK (preset IN ('amocrm', 'kommo', 'bitrix24', 'hubspot', 'pipedrive', 'tilda', 'generic')),
    ADD COLUMN basic_auth_username text,
    ADD COLUMN basic_auth_password_hash text,
    ADD CONSTRAINT webhook_sources_basic_auth_check
        CHECK ((basic_auth_username IS NULL) = (basic_auth_password_hash IS NULL));
COMMENT ON COLUMN webhook_sources.preset IS
    'The sender (kpid_source_presets in kpid, SourcePreset in openapi.yaml): how a delivery authenticates and is parsed';
COMMENT ON COLUMN webhook_sources.basic_auth_username IS 'HTTP Basic user name the sender presents (Pipedrive)';
COMMENT ON COLUMN webhook_sources.basic_auth_password_hash IS 'SHA-256 of the HTTP Basic password; never returned by the API';
