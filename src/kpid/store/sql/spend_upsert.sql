INSERT INTO spend (workspace_id, channel, date, campaign, amount, note)
    VALUES ($1::uuid, $2, $3::date, coalesce($4, ''), $5::numeric, $6)
ON CONFLICT (workspace_id, channel, date, campaign)
    DO UPDATE SET
	amount = EXCLUDED.amount, note = EXCLUDED.note, updated_at = CASE WHEN (spend.amount,
	    spend.note) IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.note) THEN
            now()
        ELSE
            spend.updated_at
        END
    RETURNING id, channel, date, campaign, amount, note, ingested_at, updated_at, xmax = 0 AS created;
