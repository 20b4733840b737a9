INSERT INTO period_results (workspace_id, period_id)
VALUES ($1::uuid, $2)
ON CONFLICT (workspace_id, period_id) DO NOTHING;
