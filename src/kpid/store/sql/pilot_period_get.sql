SELECT period_id, reason, created_at
FROM pilot_periods
WHERE workspace_id = $1::uuid
    AND period_id = $2;
