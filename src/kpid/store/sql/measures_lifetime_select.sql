-- The lifetime measures of a list of periods (docs/kpi-semantics.md, LTV and repeat rate):
-- each period's cohort is the clients whose new-client won deal closed in the period and by
-- as_of; a client's lifetime is its won deals closed from that first deal's close t0 to
-- t0 + lag_days, and by as_of.
--
-- $1 workspace; $2/$3 the periods' start/end instants (one array element per period); $4
-- as_of; $5 the channel filter (text[], NULL = every channel); $6 the grouping ('channel',
-- 'campaign', 'utm_source' or NULL for none); $7 lag_days; $8/$9 the campaign and utm_source
-- filters (NULL = every one).
--
-- The channel, campaign and utm_source (filters and groups) are the first deal's: what won
-- the client; the later deals count whatever their own. A client is its client_key (client_ref, else
-- the lead); a deal with neither is a client of its own with no further deals.
WITH
-- Each client's first new-client deal of each period (the earliest; ties by id).
cohort AS (
    SELECT DISTINCT ON (p.ord, k.client)
        p.ord,
        CASE $6::text WHEN 'channel' THEN d.channel WHEN 'campaign' THEN d.lead_campaign
            WHEN 'utm_source' THEN d.lead_utm_source END AS ch,
        d.id, d.client_key, d.amount, d.closed_at AS t0
    FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(s, e, ord)
    JOIN deals d ON d.workspace_id = $1::uuid AND d.status = 'won'
        AND d.closed_at >= p.s AND d.closed_at < p.e AND d.closed_at <= $4::timestamptz
        AND coalesce(d.is_new_client, d.first_of_client)
        AND ($5::text[] IS NULL OR d.channel = ANY ($5::text[]))
        AND ($8::text IS NULL OR d.lead_campaign = $8::text)
        AND ($9::text IS NULL OR d.lead_utm_source = $9::text)
    CROSS JOIN LATERAL (VALUES (coalesce(d.client_key, 'deal:' || d.id::text))) AS k(client)
    ORDER BY p.ord, k.client, d.closed_at, d.id
),
-- Each cohort client's revenue over its window and whether it bought again in it.
lifetimes AS (
    SELECT c.ord, c.ch,
        c.amount + coalesce(sum(l.amount), 0) AS revenue,
        count(l.id) > 0 AS repeated
    FROM cohort c
    LEFT JOIN deals l ON l.workspace_id = $1::uuid AND l.client_key = c.client_key
        AND l.status = 'won' AND l.id <> c.id
        AND l.closed_at >= c.t0
        AND l.closed_at <= c.t0 + $7::int * interval '1 day'
        AND l.closed_at <= $4::timestamptz
    GROUP BY c.ord, c.ch, c.id, c.amount
),
totals AS (
    SELECT ord, ch, count(*) AS clients, sum(revenue) AS revenue,
        count(*) FILTER (WHERE repeated) AS repeaters
    FROM lifetimes
    GROUP BY ord, ch
)
-- Unpivoted to (ord, ch, measure name, value) like the other measure statements.
SELECT ord, ch, m.name, m.value
FROM totals
CROSS JOIN LATERAL (VALUES
    ('ltv_clients', clients::float8),
    ('ltv_revenue', revenue::float8),
    ('repeat_clients', repeaters::float8)
) AS m(name, value);
