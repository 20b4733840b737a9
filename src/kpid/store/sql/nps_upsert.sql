-- Without an external_id nothing conflicts and every post is a new answer.
INSERT INTO nps_responses (workspace_id, score, responded_at, client_ref, external_id)
    VALUES ($1::uuid, $2::smallint, $3::timestamptz, $4, $5)
ON CONFLICT (workspace_id, external_id)
WHERE external_id IS NOT NULL
        DO UPDATE SET
            score = EXCLUDED.score, responded_at = EXCLUDED.responded_at, client_ref = EXCLUDED.client_ref
        RETURNING id, score, responded_at, client_ref, external_id, ingested_at, xmax = 0 AS created;
