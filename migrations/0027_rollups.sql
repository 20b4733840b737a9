-- Results from rollups: additive per-day values per workspace, local day (in the workspace
-- time zone), channel, campaign, utm_source and measure, so that a period's results add up
-- days instead of scanning leads and deals. Writers only append to rollup_deltas (triggers of
-- src/kpid/store/functions/rollup_log.sql, one row per key a statement changed, so no writer
-- waits on another's aggregate row); a background pass (rollup_merge) adds them into
-- rollup_days; reads add both. Values are the measures' own names (leads, won_deals,
-- revenue, ...): counts, and sums of amounts.

CREATE TABLE rollup_deltas (
    workspace_id uuid        NOT NULL,
    day          date        NOT NULL,
    measure      text        NOT NULL,
    channel      text,
    campaign     text,
    utm_source   text,
    timezone     text        NOT NULL,
    value        numeric     NOT NULL,
    max_at       timestamptz NOT NULL
);
COMMENT ON TABLE rollup_deltas IS 'Changes to rollup_days appended by write statements, not yet merged; no foreign key, so that deleting a workspace never fails on them (rollup_merge drops orphans)';
COMMENT ON COLUMN rollup_deltas.timezone IS 'The zone the writer took the local day in: a delta in another zone than rollup_workspaces says makes the workspace be rebuilt';
COMMENT ON COLUMN rollup_deltas.max_at IS 'The latest instant among the events added or removed: reads fall back when it lies after as_of';
CREATE INDEX rollup_deltas_day ON rollup_deltas (workspace_id, day);

CREATE TABLE rollup_days (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    day          date        NOT NULL,
    measure      text        NOT NULL,
    channel      text,
    campaign     text,
    utm_source   text,
    value        numeric     NOT NULL,
    max_at       timestamptz NOT NULL
);
COMMENT ON TABLE rollup_days IS 'Merged per-day values of the measures rollups serve, in the zone of rollup_workspaces';
COMMENT ON COLUMN rollup_days.max_at IS 'The latest instant of any event ever added to the row: never lowered';
-- One row per key; the expression tells a NULL campaign from an empty one (PostgreSQL before
-- 15 has no NULLS NOT DISTINCT) and is the ON CONFLICT target of rollup_merge.
CREATE UNIQUE INDEX rollup_days_key ON rollup_days (workspace_id, day, measure,
    (quote_nullable(channel) || ' ' || quote_nullable(campaign) || ' ' || quote_nullable(utm_source)));
-- What reads scan: a period's days, index-only (merged days stay all-visible once vacuumed).
CREATE INDEX rollup_days_cover ON rollup_days (workspace_id, day)
    INCLUDE (measure, channel, campaign, utm_source, value, max_at);

CREATE TABLE rollup_workspaces (
    workspace_id uuid        PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    timezone     text        NOT NULL,
    built_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE rollup_workspaces IS 'Workspaces whose rollup_days are built, and the time zone of their days; no row: reads take the direct statements until rollup_merge builds them';

-- One event of a written row: a measure it adds `value` to (sign -1: removes) at instant
-- `at`, under its channel, campaign and utm_source (src/kpid/store/functions/rollup_events.sql).
CREATE TYPE rollup_event AS (
    workspace_id uuid,
    channel      text,
    campaign     text,
    utm_source   text,
    measure      text,
    at           timestamptz,
    value        numeric,
    sign         integer
);
