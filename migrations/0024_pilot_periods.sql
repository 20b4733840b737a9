-- Periods the whole workspace runs as a pilot: results and would-be payouts are computed and
-- shown, no bonus is paid.

CREATE TABLE pilot_periods (
    workspace_id uuid        NOT NULL,
    period_id    text        NOT NULL,
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, period_id),
    FOREIGN KEY (workspace_id, period_id) REFERENCES periods (workspace_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE pilot_periods IS 'Pilot periods of a workspace: every statement of the period pays no bonus';
