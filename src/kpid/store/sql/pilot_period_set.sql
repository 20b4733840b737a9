-- Marks a defined period as a pilot (no row when the period is not defined or is closed).
INSERT INTO pilot_periods AS pp (workspace_id, period_id, reason)
SELECT p.workspace_id, p.id, $3
FROM periods p
WHERE p.workspace_id = $1::uuid
    AND p.id = $2
    AND p.closed_at IS NULL
ON CONFLICT (workspace_id, period_id)
    DO UPDATE SET
	reason = excluded.reason
RETURNING period_id, reason, created_at;
