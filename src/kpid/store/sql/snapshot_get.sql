SELECT as_of, results, scorecards
FROM period_snapshots
WHERE workspace_id = $1::uuid
    AND period_id = $2;
