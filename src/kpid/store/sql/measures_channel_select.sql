-- The measures of channel records alone for a list of periods (spend, the platforms'
-- counters, follower levels, free counters): what measures_event_select.sql and
-- measures_cohort_select.sql compute when no part of leads, deals or NPS is asked, without
-- planning those parts (channel records count by their own date whatever the attribution).
--
-- $1 workspace; $2/$3 the periods' local start/end dates; $4 as_of; $5 the channel filter
-- (NULL = every channel); $6 the grouping ('channel', 'campaign', 'utm_source' or NULL); $7 the
-- parts ('spend', 'channel_stats', 'followers'); $8 the campaign filter (NULL = every one);
-- $9 the free counters to sum (NULL = none).
SELECT ord, ch, name, value
FROM channel_record_measures($1::uuid, $2::date[], $3::date[], $4::timestamptz, $5::text[],
    $6::text, $7::text[], $8::text, $9::text[]);
