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

-- The stale-marking triggers follow the table under its new name (store/functions re-creates
-- them as channel_stats_results_stale_*); the ones made under the old name go.
DROP TRIGGER IF EXISTS spend_results_stale_insert ON channel_stats;
DROP TRIGGER IF EXISTS spend_results_stale_update_old ON channel_stats;
DROP TRIGGER IF EXISTS spend_results_stale_update_new ON channel_stats;
DROP TRIGGER IF EXISTS spend_results_stale_delete ON channel_stats;

-- reporting.channel_days shows the counters too. Roles read a re-created view through the
-- default privileges `kpid reporting grant` set on the schema.
DROP VIEW reporting.channel_days;
CREATE VIEW reporting.channel_days WITH (security_barrier) AS
SELECT s.date AS day, s.channel, nullif(s.campaign, '') AS campaign, s.spend, s.impressions,
       s.clicks, s.sessions, s.bounces, s.reach, s.engagements, s.followers, s.emails_sent,
       s.emails_delivered, s.emails_opened, s.email_clicks, s.unsubscribes, s.conversions,
       s.counters, s.note
FROM channel_stats s
WHERE s.workspace_id = (SELECT r.workspace_id FROM reporting_roles r WHERE r.role_name = current_user);
COMMENT ON VIEW reporting.channel_days IS 'One row per day, channel and campaign: marketing spend and the platforms'' own counters';
COMMENT ON COLUMN reporting.channel_days.day IS 'The day (workspace calendar)';
COMMENT ON COLUMN reporting.channel_days.channel IS 'Marketing channel';
COMMENT ON COLUMN reporting.channel_days.campaign IS 'Campaign; null for the channel as a whole';
COMMENT ON COLUMN reporting.channel_days.spend IS 'Money spent that day, in the workspace currency; null when not reported';
COMMENT ON COLUMN reporting.channel_days.impressions IS 'Ad impressions (ad platform)';
COMMENT ON COLUMN reporting.channel_days.clicks IS 'Ad clicks (ad platform)';
COMMENT ON COLUMN reporting.channel_days.sessions IS 'Site visits (site analytics)';
COMMENT ON COLUMN reporting.channel_days.bounces IS 'Visits that left after one page (site analytics)';
COMMENT ON COLUMN reporting.channel_days.reach IS 'People reached (social network)';
COMMENT ON COLUMN reporting.channel_days.engagements IS 'Likes, comments, shares (social network)';
COMMENT ON COLUMN reporting.channel_days.followers IS 'Audience size at the end of the day: a level, never summed over days';
COMMENT ON COLUMN reporting.channel_days.emails_sent IS 'E-mails sent';
COMMENT ON COLUMN reporting.channel_days.emails_delivered IS 'E-mails delivered';
COMMENT ON COLUMN reporting.channel_days.emails_opened IS 'E-mails opened';
COMMENT ON COLUMN reporting.channel_days.email_clicks IS 'Clicks in e-mails';
COMMENT ON COLUMN reporting.channel_days.unsubscribes IS 'Unsubscribes from the mailing';
COMMENT ON COLUMN reporting.channel_days.conversions IS 'Conversions as the ad platform reports them';
COMMENT ON COLUMN reporting.channel_days.counters IS 'Free named counters, e.g. {"calls": 12}';
COMMENT ON COLUMN reporting.channel_days.note IS 'Free note sent with the record';
