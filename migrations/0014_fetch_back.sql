-- Fetch-back: a source of an id-only sender (Bitrix24, HubSpot, amoCRM/Kommo) may name the
-- CRM's API it fetches the full record from, and its deliveries wait in the inbox as
-- pending_fetch until a fetch worker of any kpid instance has fetched and mapped them.
ALTER TABLE webhook_sources
    ADD COLUMN fetch_url text,
    ADD COLUMN fetch_token text,
    ADD COLUMN fetch_allow_http boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT webhook_sources_fetch_check CHECK (fetch_url IS NOT NULL OR fetch_token IS NULL);
COMMENT ON COLUMN webhook_sources.fetch_url IS
    'The CRM API base (or Bitrix24 inbound webhook URL) kpid fetches records from; NULL: no fetch-back';
COMMENT ON COLUMN webhook_sources.fetch_token IS
    'The bearer token of fetches (HubSpot private app, amoCRM long-lived token); never returned by the API';
COMMENT ON COLUMN webhook_sources.fetch_allow_http IS
    'Whether fetch_url may be plain http (a local test endpoint); https otherwise';

ALTER TABLE webhook_events
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN claimed_until timestamptz;
COMMENT ON COLUMN webhook_events.next_attempt_at IS
    'pending_fetch: when a fetch worker may take the event next (the retry schedule)';
COMMENT ON COLUMN webhook_events.claimed_until IS
    'pending_fetch: a worker is fetching it until then (per-source concurrency; after a crash the claim lapses)';

-- The workers take due events oldest-due first.
CREATE INDEX webhook_events_fetch_due ON webhook_events (next_attempt_at)
    WHERE status = 'pending_fetch';
