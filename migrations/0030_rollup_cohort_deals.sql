-- Rollups of a cohort's won deals. By cohort attribution a period counts the won deals of the
-- leads created in it that closed by its horizon (the period's end plus lag_days, or as_of).
-- Each won deal of a lead is therefore also stored under its lead's local month, twice:
--   - '<measure>@close_month': day = the lead's month, step_day = the close's month;
--   - '<measure>@close_day':   day = the close's day,  step_day = the lead's month.
-- A period made of whole months reads the first for the close months before the horizon's
-- month and the second for the days of that month up to the horizon, two short index ranges
-- whatever the number of deals. A close exactly at a local midnight belongs to the day
-- before (the horizon includes its instant: closed_at <= horizon).
--
-- An event now says the unit its local dates are truncated to ('month', NULL: the day).
ALTER TYPE rollup_event ADD ATTRIBUTE at_unit text;
ALTER TYPE rollup_event ADD ATTRIBUTE step_unit text;

-- Every workspace is rebuilt with the new measures by the next merge; reads take the direct
-- statements until then.
DELETE FROM rollup_deltas;
DELETE FROM rollup_workspaces;
COMMENT ON COLUMN rollup_days.step_day IS 'clients and channel_clients: the local day of the lead''s previous won deal (NULL: none); <measure>@close_month: the close''s local month; <measure>@close_day: the lead''s local month; NULL for every other measure';
COMMENT ON COLUMN rollup_days.day IS 'The local day of the event; <measure>@close_month: the lead''s local month (its first day)';
