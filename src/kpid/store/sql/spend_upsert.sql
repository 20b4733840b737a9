INSERT INTO channel_stats (workspace_id, channel, date, campaign, spend, note)
    VALUES ($1::uuid, $2, $3::date, coalesce($4, ''), $5::numeric, $6)
ON CONFLICT (workspace_id, channel, date, campaign)
    DO UPDATE SET
	spend = EXCLUDED.spend, note = EXCLUDED.note, updated_at = CASE WHEN (channel_stats.spend,
	    channel_stats.note) IS DISTINCT FROM (EXCLUDED.spend, EXCLUDED.note) THEN
            now()
        ELSE
            channel_stats.updated_at
        END
    RETURNING id, channel, date, campaign, spend AS amount, note, ingested_at, updated_at,
        xmax = 0 AS created;
