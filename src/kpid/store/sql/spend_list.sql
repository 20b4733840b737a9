-- Spend entries: the channel records that carry a spend.
SELECT id, channel, date, campaign, spend AS amount, note,
    ingested_at, updated_at
FROM channel_stats
WHERE workspace_id = $1::uuid
    AND spend IS NOT NULL
    AND ($2::date IS NULL
        OR (date, id) > ($2::date, $3::uuid))
    AND ($5::date IS NULL
        OR date >= $5::date)
    AND ($6::date IS NULL
        OR date <= $6::date)
    AND ($7::text IS NULL
        OR channel = $7)
ORDER BY date, id
LIMIT $4::int;
