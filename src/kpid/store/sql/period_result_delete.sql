DELETE FROM period_results
WHERE workspace_id = $1::uuid
    AND period_id = $2;
