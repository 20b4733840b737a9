-- A month level of the rollups: every day row of an event measure is also added into its
-- month's row, measure '<measure>@month' with day the month's first day (a clients row's step
-- day truncated to its month too), so that a quarter reads about a thirtieth of the rows
-- (src/kpid/store/functions/rollup_merge.sql keeps them; measures_rollup_select.sql reads
-- them for periods of whole months, with the deltas not merged yet by day).
COMMENT ON COLUMN rollup_days.measure IS 'The measure''s name; <measure>@month: its month row (day: the month''s first day); <measure>@close_month and @close_day: a cohort''s deals (migrations/0030_rollup_cohort_deals.sql)';

-- Every workspace is rebuilt with its month rows by the next merge; reads take the direct
-- statements until then.
DELETE FROM rollup_deltas;
DELETE FROM rollup_workspaces;
