-- ISO weeks (2025-W07) join months, quarters and years as a kind of period and as the
-- granularity of KPIs and scorecards.
ALTER TABLE periods DROP CONSTRAINT periods_kind_check;
ALTER TABLE periods ADD CONSTRAINT periods_kind_check
    CHECK (kind IN ('month', 'quarter', 'year', 'week'));

ALTER TABLE kpis DROP CONSTRAINT kpis_granularity_check;
ALTER TABLE kpis ADD CONSTRAINT kpis_granularity_check
    CHECK (granularity IN ('month', 'quarter', 'year', 'week'));

ALTER TABLE scorecards DROP CONSTRAINT scorecards_granularity_check;
ALTER TABLE scorecards ADD CONSTRAINT scorecards_granularity_check
    CHECK (granularity IN ('month', 'quarter', 'year', 'week'));
