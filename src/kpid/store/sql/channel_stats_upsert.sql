-- A channel record written: created, or merged into the record of the same (channel, date,
-- campaign). A NULL parameter is a value the write does not name and keeps what is stored;
-- free counters merge member by member. $6..$18 are the counters in the order of
-- kpid_channel_counters.
INSERT INTO channel_stats (workspace_id, channel, date, campaign, spend, impressions, clicks,
    sessions, bounces, reach, engagements, followers, emails_sent, emails_delivered,
    emails_opened, email_clicks, unsubscribes, conversions, counters, note)
    VALUES ($1::uuid, $2, $3::date, coalesce($4, ''), $5::numeric, $6::bigint, $7::bigint,
        $8::bigint, $9::bigint, $10::bigint, $11::bigint, $12::bigint, $13::bigint,
        $14::bigint, $15::bigint, $16::bigint, $17::bigint, $18::bigint,
        coalesce($19::jsonb, '{}'), $20)
ON CONFLICT (workspace_id, channel, date, campaign)
    DO UPDATE SET
        spend = coalesce(EXCLUDED.spend, channel_stats.spend),
        impressions = coalesce(EXCLUDED.impressions, channel_stats.impressions),
        clicks = coalesce(EXCLUDED.clicks, channel_stats.clicks),
        sessions = coalesce(EXCLUDED.sessions, channel_stats.sessions),
        bounces = coalesce(EXCLUDED.bounces, channel_stats.bounces),
        reach = coalesce(EXCLUDED.reach, channel_stats.reach),
        engagements = coalesce(EXCLUDED.engagements, channel_stats.engagements),
        followers = coalesce(EXCLUDED.followers, channel_stats.followers),
        emails_sent = coalesce(EXCLUDED.emails_sent, channel_stats.emails_sent),
        emails_delivered = coalesce(EXCLUDED.emails_delivered, channel_stats.emails_delivered),
        emails_opened = coalesce(EXCLUDED.emails_opened, channel_stats.emails_opened),
        email_clicks = coalesce(EXCLUDED.email_clicks, channel_stats.email_clicks),
        unsubscribes = coalesce(EXCLUDED.unsubscribes, channel_stats.unsubscribes),
        conversions = coalesce(EXCLUDED.conversions, channel_stats.conversions),
        counters = channel_stats.counters || EXCLUDED.counters,
        note = coalesce(EXCLUDED.note, channel_stats.note),
        -- a write that names only values already stored changes nothing: the stored row
        -- contains every member the write names (free counters one by one)
        updated_at = CASE WHEN to_jsonb(channel_stats.*) @> (jsonb_strip_nulls(to_jsonb(EXCLUDED.*))
                - '{id,ingested_at,updated_at}'::text[]) THEN
            channel_stats.updated_at
        ELSE
            now()
        END
    RETURNING id, channel, date, campaign, spend, impressions, clicks, sessions, bounces,
        reach, engagements, followers, emails_sent, emails_delivered, emails_opened,
        email_clicks, unsubscribes, conversions, counters, note, ingested_at, updated_at,
        xmax = 0 AS created;
