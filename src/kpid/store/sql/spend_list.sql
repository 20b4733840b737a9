SELECT id, channel, date, campaign, amount, note,
    ingested_at, updated_at
FROM spend
WHERE workspace_id = $1::uuid
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
