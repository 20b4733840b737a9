-- The row type of a lead document staged for lead_insert.sql: kpid passes a write's
-- documents as one array of these (src/kpid/ingest/pg_records.c), in the order of
-- kpid_lead_insert_columns (src/kpid/store/lead.c). Parsing 1000 documents out of one jsonb
-- parameter took about 11 ms of a batch's insert; the array of records about 5 ms, and a
-- group of single posts pays no more than with jsonb (an array per column would cost every
-- statement about 0.4 ms to set up its 25 unnest scans).
CREATE TYPE lead_staged AS (
    ord              integer,
    source           text,
    external_id      text,
    channel          text,
    campaign         text,
    utm_source       text,
    utm_medium       text,
    created_at       timestamptz,
    contact_name     text,
    contact_phone    text,
    contact_email    text,
    phone_norm       text,
    email_norm       text,
    region           text,
    is_valid         boolean,
    invalid_reason   text,
    is_sql           boolean,
    is_brand         boolean,
    first_contact_at timestamptz,
    meeting_at       timestamptz,
    proposal_at      timestamptz,
    lost_at          timestamptz,
    lost_reason      text,
    attributes       jsonb,
    reaction_minutes double precision
);
COMMENT ON TYPE lead_staged IS 'A lead document as kpid stages it for its insert (src/kpid/store/sql/lead_insert.sql); ord is its place in the write';
