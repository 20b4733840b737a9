-- What CRMs and marketing send in: settings, leads, deals, spend, NPS answers, and the
-- webhook sources with their inbox.

CREATE TABLE workspace_settings (
    workspace_id        uuid        PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    timezone            text        NOT NULL DEFAULT 'UTC',
    currency            text        NOT NULL DEFAULT 'RUB',
    calendar            jsonb       NOT NULL DEFAULT
        '{"week":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]],"sat":[],"sun":[]},"holidays":[],"extra_workdays":[]}',
    workday_minutes     integer     NOT NULL DEFAULT 480 CHECK (workday_minutes > 0),
    target_regions      text[]      NOT NULL DEFAULT '{}',
    dedupe_window_days  integer     NOT NULL DEFAULT 30 CHECK (dedupe_window_days >= 0),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE workspace_settings IS 'Per-workspace rules: time zone, working calendar, lead validity rules; a missing row means all defaults';
COMMENT ON COLUMN workspace_settings.workday_minutes IS 'A lead first contacted within this many working minutes counts as processed within the workday';
COMMENT ON COLUMN workspace_settings.dedupe_window_days IS 'A lead with the same normalised phone or e-mail as an earlier lead within this many days is a duplicate; 0 turns detection off';

CREATE TABLE leads (
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    source           text        NOT NULL DEFAULT 'api',
    external_id      text,
    channel          text        NOT NULL,
    campaign         text,
    utm_source       text,
    utm_medium       text,
    created_at       timestamptz NOT NULL,
    contact_name     text,
    contact_phone    text,
    contact_email    text,
    phone_norm       text,
    email_norm       text,
    region           text,
    is_valid         boolean,
    invalid_reason   text,
    is_sql           boolean     NOT NULL DEFAULT false,
    is_brand         boolean     NOT NULL DEFAULT false,
    first_contact_at timestamptz,
    meeting_at       timestamptz,
    proposal_at      timestamptz,
    lost_at          timestamptz,
    lost_reason      text,
    attributes       jsonb       NOT NULL DEFAULT '{}',
    valid            boolean     NOT NULL,
    duplicate_of     uuid,
    stage            text        NOT NULL DEFAULT 'new',
    reaction_minutes double precision,
    erased_at        timestamptz,
    ingested_at      timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);
COMMENT ON TABLE leads IS 'One row per lead, whatever the CRM; the funnel''s first step';
COMMENT ON COLUMN leads.is_valid IS 'Validity as the sender states it; NULL lets the workspace rules decide';
COMMENT ON COLUMN leads.valid IS 'Effective validity, derived when the row is written (is_valid, else the workspace rules)';
COMMENT ON COLUMN leads.phone_norm IS 'Digits of the phone only, for duplicate detection';
COMMENT ON COLUMN leads.email_norm IS 'Lower-cased trimmed e-mail, for duplicate detection';
COMMENT ON COLUMN leads.stage IS 'Latest funnel step reached: new, contacted, meeting, proposal, won, lost';
COMMENT ON COLUMN leads.reaction_minutes IS 'Working minutes from created_at to first_contact_at by the workspace calendar; recomputed when the calendar changes';
COMMENT ON COLUMN leads.erased_at IS 'When the contact data was erased on request; the anonymised row keeps counting in KPIs';

CREATE UNIQUE INDEX leads_natural_key ON leads (workspace_id, source, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX leads_created ON leads (workspace_id, created_at)
    INCLUDE (channel, valid, is_sql, is_brand, first_contact_at, reaction_minutes);
CREATE INDEX leads_channel_created ON leads (workspace_id, channel, created_at);
CREATE INDEX leads_first_contact ON leads (workspace_id, first_contact_at) WHERE first_contact_at IS NOT NULL;
CREATE INDEX leads_meeting ON leads (workspace_id, meeting_at) WHERE meeting_at IS NOT NULL;
CREATE INDEX leads_proposal ON leads (workspace_id, proposal_at) WHERE proposal_at IS NOT NULL;
CREATE INDEX leads_phone ON leads (workspace_id, phone_norm, created_at) WHERE phone_norm IS NOT NULL;
CREATE INDEX leads_email ON leads (workspace_id, email_norm, created_at) WHERE email_norm IS NOT NULL;
CREATE INDEX leads_list ON leads (workspace_id, ingested_at, id);

CREATE TABLE deals (
    workspace_id   uuid          NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id             uuid          NOT NULL DEFAULT gen_random_uuid(),
    source         text          NOT NULL DEFAULT 'api',
    external_id    text,
    lead_id        uuid,
    client_ref     text,
    is_new_client  boolean,
    channel        text,
    amount         numeric(16,2) NOT NULL CHECK (amount >= 0),
    gross_margin   numeric(16,2),
    status         text          NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    created_at     timestamptz,
    closed_at      timestamptz,
    client_key     text GENERATED ALWAYS AS (coalesce(client_ref, 'lead:' || lead_id::text)) STORED,
    ingested_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, lead_id) REFERENCES leads (workspace_id, id),
    CHECK (status = 'open' OR closed_at IS NOT NULL)
);
COMMENT ON TABLE deals IS 'Deals from the CRM; won deals are the funnel''s last step';
COMMENT ON COLUMN deals.is_new_client IS 'As the sender states it; NULL: new when no earlier won deal has the same client_key';
COMMENT ON COLUMN deals.channel IS 'The deal''s channel; the lead''s channel when the sender gives none';
COMMENT ON COLUMN deals.client_key IS 'client_ref, else the lead: what "the same client" means for new-client detection';

CREATE UNIQUE INDEX deals_natural_key ON deals (workspace_id, source, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX deals_won_closed ON deals (workspace_id, closed_at)
    INCLUDE (lead_id, channel, amount, gross_margin, is_new_client, client_key) WHERE status = 'won';
CREATE INDEX deals_lead ON deals (workspace_id, lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX deals_client_won ON deals (workspace_id, client_key, closed_at) WHERE status = 'won';
CREATE INDEX deals_list ON deals (workspace_id, ingested_at, id);

CREATE TABLE spend (
    workspace_id uuid          NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid          NOT NULL DEFAULT gen_random_uuid(),
    channel      text          NOT NULL,
    date         date          NOT NULL,
    campaign     text          NOT NULL DEFAULT '',
    amount       numeric(16,2) NOT NULL CHECK (amount >= 0),
    note         text,
    ingested_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, channel, date, campaign)
);
COMMENT ON TABLE spend IS 'Marketing spend per channel, day and campaign (empty campaign: the channel as a whole)';
CREATE INDEX spend_date ON spend (workspace_id, date) INCLUDE (channel, amount);

CREATE TABLE nps_responses (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    external_id  text,
    score        smallint    NOT NULL CHECK (score BETWEEN 0 AND 10),
    responded_at timestamptz NOT NULL,
    client_ref   text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);
COMMENT ON TABLE nps_responses IS 'Answers to "how likely are you to recommend us", 0-10';
CREATE UNIQUE INDEX nps_natural_key ON nps_responses (workspace_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX nps_responded ON nps_responses (workspace_id, responded_at) INCLUDE (score);

CREATE TABLE webhook_sources (
    workspace_id    uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    name            text        NOT NULL,
    payload         text        NOT NULL CHECK (payload IN ('json', 'form')),
    target          text        NOT NULL DEFAULT 'lead' CHECK (target IN ('lead', 'deal')),
    secret          text,
    previous_secret text,
    token_hash      text,
    field_map       jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, name),
    UNIQUE (workspace_id, id)
);
COMMENT ON TABLE webhook_sources IS 'CRMs that post webhooks: how they authenticate and how their payload maps to leads or deals';
COMMENT ON COLUMN webhook_sources.secret IS 'HMAC-SHA256 key the sender signs with (needed in clear to verify); never returned by the API';
COMMENT ON COLUMN webhook_sources.previous_secret IS 'Still accepted during a secret rotation';
COMMENT ON COLUMN webhook_sources.token_hash IS 'SHA-256 of the ?token= for senders that cannot sign';
-- the webhook URL names the source by id alone, so the id is looked up across workspaces
CREATE UNIQUE INDEX webhook_sources_id ON webhook_sources (id);

CREATE TABLE webhook_events (
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    source_name   text        NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    content_type  text        NOT NULL,
    body          bytea       NOT NULL,
    body_sha256   text        NOT NULL,
    signature     text,
    status        text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'mapped', 'failed')),
    error         text,
    result        jsonb,
    attempts      integer     NOT NULL DEFAULT 0,
    processed_at  timestamptz,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, source_name) REFERENCES webhook_sources (workspace_id, name)
        ON UPDATE CASCADE
);
COMMENT ON TABLE webhook_events IS 'The webhook inbox: every accepted delivery, raw, committed before it is mapped; failed ones wait here for a replay';
COMMENT ON COLUMN webhook_events.body_sha256 IS 'A second delivery of the same body for the same source is a duplicate';
COMMENT ON COLUMN webhook_events.signature IS 'The v1 signature it came with; the same signature again is a replay';
CREATE UNIQUE INDEX webhook_events_dedupe ON webhook_events (workspace_id, source_name, body_sha256);
CREATE UNIQUE INDEX webhook_events_signature ON webhook_events (workspace_id, source_name, signature)
    WHERE signature IS NOT NULL;
CREATE INDEX webhook_events_list ON webhook_events (workspace_id, received_at, id);
