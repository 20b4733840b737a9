-- What the workspace measures itself by: KPI definitions, periods, targets, manual facts,
-- scorecards, and the snapshots that closing a period freezes.

CREATE TABLE kpis (
    workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    code           text        NOT NULL CHECK (code ~ '^[a-z0-9_]{1,64}$'),
    name           text        NOT NULL,
    owner          text        NOT NULL CHECK (owner IN ('marketing', 'sales', 'shared')),
    level          text        NOT NULL DEFAULT 'primary' CHECK (level IN ('primary', 'secondary')),
    metric         text,
    formula        text,
    manual         boolean     NOT NULL DEFAULT false,
    unit           text        NOT NULL,
    direction      text        NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    granularity    text        NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
    attribution    text        NOT NULL DEFAULT 'event' CHECK (attribution IN ('event', 'cohort')),
    lag_days       integer     NOT NULL DEFAULT 0 CHECK (lag_days BETWEEN 0 AND 3660),
    channels       text[],
    target_base    numeric,
    target_plan    numeric,
    target_stretch numeric,
    description    text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, code),
    CHECK ((metric IS NOT NULL)::int + (formula IS NOT NULL)::int + manual::int = 1)
);
COMMENT ON TABLE kpis IS 'KPI definitions: exactly one of a catalogue metric, a custom formula over measures, or a manual fact';
COMMENT ON COLUMN kpis.channels IS 'Channel filter (NULL: every channel)';
COMMENT ON COLUMN kpis.target_plan IS 'Default target, used for periods without a target of their own';
COMMENT ON COLUMN kpis.lag_days IS 'How long after the period ends its results keep maturing (deals closing late count for the cohort)';

CREATE TABLE periods (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('month', 'quarter', 'year')),
    start_date   date        NOT NULL,
    end_date     date        NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    closed_at    timestamptz,
    closed_by    uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    CHECK (start_date < end_date)
);
COMMENT ON TABLE periods IS 'Review periods; bounds are local dates in the workspace time zone, end exclusive';
COMMENT ON COLUMN periods.starts_at IS 'start_date 00:00 in the workspace time zone, as an instant';
COMMENT ON COLUMN periods.closed_at IS 'Set while the period is closed: results answer from the snapshot';

CREATE TABLE period_events (
    workspace_id uuid        NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    period_id    text        NOT NULL,
    action       text        NOT NULL CHECK (action IN ('close', 'reopen')),
    forced       boolean     NOT NULL DEFAULT false,
    key_id       uuid,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE period_events IS 'Audit of closing and reopening periods: when and by which API key';

CREATE TABLE targets (
    workspace_id uuid    NOT NULL,
    period_id    text    NOT NULL,
    kpi_code     text    NOT NULL,
    base         numeric,
    plan         numeric NOT NULL,
    stretch      numeric,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, period_id, kpi_code),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, kpi_code) REFERENCES kpis (workspace_id, code)
        ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE targets IS 'Plan (with optional base gate and stretch level) of one KPI for one period';

CREATE TABLE manual_facts (
    workspace_id uuid        NOT NULL,
    period_id    text        NOT NULL,
    kpi_code     text        NOT NULL,
    value        numeric     NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, period_id, kpi_code),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, kpi_code) REFERENCES kpis (workspace_id, code)
        ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE manual_facts IS 'Facts of manual KPIs (market share, reviews...) entered per period';

CREATE TABLE scorecards (
    workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    code           text        NOT NULL CHECK (code ~ '^[a-z0-9_]{1,64}$'),
    name           text        NOT NULL,
    owner          text,
    granularity    text        NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
    fixed_pay      numeric(16,2) NOT NULL DEFAULT 0,
    bonus_base     numeric(16,2) NOT NULL DEFAULT 0,
    max_attainment double precision NOT NULL DEFAULT 2.0 CHECK (max_attainment > 0),
    items          jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, code)
);
COMMENT ON TABLE scorecards IS 'Bonus scorecards: weighted KPIs, fixed pay and bonus base; validated by libkpi';
COMMENT ON COLUMN scorecards.items IS '[{"kpi": code, "weight": number}], weights summing to 1';

CREATE TABLE period_snapshots (
    workspace_id uuid        NOT NULL,
    period_id    text        NOT NULL,
    as_of        timestamptz NOT NULL,
    results      jsonb       NOT NULL,
    scorecards   jsonb       NOT NULL,
    taken_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, period_id),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE period_snapshots IS 'What a closed period answers with: its results and scorecards frozen at closing';
