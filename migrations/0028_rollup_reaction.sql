-- Rollups of the lead set's reaction (reaction_count, reaction_minutes_sum), which depends on
-- a later instant than the lead's creation: an event's latest_at is the latest instant its
-- value depends on (a reaction: the lead's first contact), which decides whether a read by
-- as_of may take it (rollup_days.max_at).
ALTER TYPE rollup_event ADD ATTRIBUTE latest_at timestamptz;

-- Every workspace is rebuilt with the new measures by the next merge; reads take the direct
-- statements until then.
DELETE FROM rollup_deltas;
DELETE FROM rollup_workspaces;
