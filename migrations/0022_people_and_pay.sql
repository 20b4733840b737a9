-- People paid by a scorecard, their pay plan versions and the payout statements that closing
-- a period freezes.

CREATE TABLE people (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    code         text        NOT NULL CHECK (code ~ '^[a-z0-9_]{1,64}$'),
    name         text        NOT NULL,
    department   text        NOT NULL,
    hired_on     date        NOT NULL,
    left_on      date,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, code),
    CHECK (left_on IS NULL OR left_on >= hired_on)
);
COMMENT ON TABLE people IS 'People paid by a scorecard; left_on (inclusive) is how a person leaves';
COMMENT ON COLUMN people.department IS 'marketing, sales or free text';

CREATE TABLE pay_plans (
    workspace_id   uuid          NOT NULL,
    person_code    text          NOT NULL,
    version        integer       NOT NULL CHECK (version >= 1),
    effective_from text          NOT NULL CHECK (effective_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    scorecard      text          NOT NULL,
    fixed_pay      numeric(16,2),
    bonus_base     numeric(16,2),
    total_pay      numeric(16,2),
    split_schedule jsonb,
    prorate        boolean       NOT NULL DEFAULT true,
    pilot          boolean       NOT NULL DEFAULT false,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, person_code, version),
    FOREIGN KEY (workspace_id, person_code) REFERENCES people (workspace_id, code)
        ON DELETE CASCADE,
    CHECK ((fixed_pay IS NULL) = (bonus_base IS NULL)),
    CHECK ((total_pay IS NULL) = (split_schedule IS NULL)),
    CHECK ((fixed_pay IS NULL) <> (total_pay IS NULL))
);
COMMENT ON TABLE pay_plans IS 'Versions of a person''s pay plan, never updated: each PUT adds one';
COMMENT ON COLUMN pay_plans.effective_from IS 'First month (YYYY-MM) the version is in force; the latest effective_from <= a month wins, then the highest version';
COMMENT ON COLUMN pay_plans.split_schedule IS '[{"from_month": k, "fixed_share": s}] by month of tenure, with total_pay';
COMMENT ON COLUMN pay_plans.pilot IS 'Results are scored and the would-be bonus shown, no bonus is paid';

CREATE TABLE period_payouts (
    workspace_id uuid        NOT NULL,
    period_id    text        NOT NULL,
    person_code  text        NOT NULL,
    statement    jsonb       NOT NULL,
    frozen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, period_id, person_code),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE period_payouts IS 'Payout statements frozen when their period was closed, answered until it is reopened';
