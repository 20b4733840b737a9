SELECT id, channel, date, campaign, spend, impressions, clicks, sessions, bounces, reach,
    engagements, followers, emails_sent, emails_delivered, emails_opened, email_clicks,
    unsubscribes, conversions, counters, note, ingested_at, updated_at
FROM channel_stats
WHERE workspace_id = $1::uuid
    AND ($2::date IS NULL
        OR (date, id) > ($2::date, $3::uuid))
    AND ($5::date IS NULL
        OR date >= $5::date)
    AND ($6::date IS NULL
        OR date <= $6::date)
    AND ($7::text IS NULL
        OR channel = $7)
    AND ($8::text IS NULL
        OR campaign = $8)
ORDER BY date, id
LIMIT $4::int;
