DELETE FROM period_payouts
WHERE workspace_id = $1::uuid
    AND period_id = $2;
