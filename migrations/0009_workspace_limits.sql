-- Per-workspace limits set by the operator (kpid workspace limits); NULL = kpid's default.

CREATE TABLE workspace_limits (
    workspace_id       uuid        PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    max_kpis           integer     CHECK (max_kpis >= 0),
    max_scorecards     integer     CHECK (max_scorecards >= 0),
    max_sources        integer     CHECK (max_sources >= 0),
    max_result_periods integer     CHECK (max_result_periods >= 1),
    max_result_rows    integer     CHECK (max_result_rows >= 1),
    requests_per_second integer    CHECK (requests_per_second >= 1),
    pool_share_pct     integer     CHECK (pool_share_pct BETWEEN 1 AND 100),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE workspace_limits IS 'Operator-set limits of one workspace; a NULL column or no row means the default';
COMMENT ON COLUMN workspace_limits.max_result_periods IS 'Periods one results request may cover (a series range)';
COMMENT ON COLUMN workspace_limits.max_result_rows IS 'Rows one results reply may hold (KPI results or series items)';
COMMENT ON COLUMN workspace_limits.requests_per_second IS 'Token-bucket rate of each API key of the workspace (burst = one second)';
COMMENT ON COLUMN workspace_limits.pool_share_pct IS 'Percent of the database connections the workspace may hold at once';
