-- Daily channel records: the spend table becomes channel_stats, one record per (workspace,
-- date, channel, campaign) carrying the spend (NULL: not reported) and the platforms' own
-- counters. A counter is NULL until a write names it, so two exports of the same day and
-- channel (an ad platform's and a site analytics') fill one record between them. Existing
-- spend rows keep their ids: /v1/spend reads and writes the records that have a spend.
ALTER TABLE spend RENAME TO channel_stats;
ALTER TABLE channel_stats RENAME COLUMN amount TO spend;
ALTER TABLE channel_stats ALTER COLUMN spend DROP NOT NULL;
ALTER INDEX spend_date RENAME TO channel_stats_date;
ALTER TABLE channel_stats
    ADD COLUMN impressions      bigint CHECK (impressions >= 0),
    ADD COLUMN clicks           bigint CHECK (clicks >= 0),
    ADD COLUMN sessions         bigint CHECK (sessions >= 0),
    ADD COLUMN bounces          bigint CHECK (bounces >= 0),
    ADD COLUMN reach            bigint CHECK (reach >= 0),
    ADD COLUMN engagements      bigint CHECK (engagements >= 0),
    ADD COLUMN followers        bigint CHECK (followers >= 0),
    ADD COLUMN emails_sent      bigint CHECK (emails_sent >= 0),
    ADD COLUMN emails_delivered bigint CHECK (emails_delivered >= 0),
    ADD COLUMN emails_opened    bigint CHECK (emails_opened >= 0),
    ADD COLUMN email_clicks     bigint CHECK (email_clicks >= 0),
    ADD COLUMN unsubscribes     bigint CHECK (unsubscribes >= 0),
    ADD COLUMN conversions      bigint CHECK (conversions >= 0),
    ADD COLUMN counters         jsonb  NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(counters) = 'object');
COMMENT ON TABLE channel_stats IS 'Daily channel records: spend and platform counters per channel, day and campaign (empty campaign: the channel as a whole)';
COMMENT ON COLUMN channel_stats.spend IS 'Marketing spend of the day; NULL when no write named it';
COMMENT ON COLUMN channel_stats.followers IS 'Audience size at the end of the day: a level, never summed over days';
COMMENT ON COLUMN channel_stats.counters IS 'Free named counters {"calls": 12}, non-negative integers';

-- followers is a level: the last value a channel reported on or before a date.
CREATE INDEX channel_stats_followers ON channel_stats (workspace_id, channel, date)
    INCLUDE (followers) WHERE followers IS NOT NULL;
