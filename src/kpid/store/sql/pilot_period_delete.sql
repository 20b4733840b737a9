-- Ends a pilot period unless the period is closed.
DELETE FROM pilot_periods pp
USING periods p
WHERE pp.workspace_id = $1::uuid
    AND pp.period_id = $2
    AND p.workspace_id = pp.workspace_id
    AND p.id = pp.period_id
    AND p.closed_at IS NULL
RETURNING pp.period_id;
