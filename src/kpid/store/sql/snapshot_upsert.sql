INSERT INTO period_snapshots (workspace_id, period_id, as_of, results, scorecards)
    VALUES ($1::uuid, $2, $3::timestamptz, $4::jsonb, $5::jsonb)
ON CONFLICT (workspace_id, period_id)
    DO UPDATE SET
        as_of = excluded.as_of, results = excluded.results, scorecards = excluded.scorecards, taken_at = now();
