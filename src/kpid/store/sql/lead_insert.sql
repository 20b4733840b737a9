-- Validity and duplicates follow the workspace's target regions and dedupe window, read here
-- (so that the statement can go out with the writers' locks, lead_lock_writers.sql, in one
-- round trip). New rows get their validity and duplicate_of from the rows stored before them (the caller's lock keeps other writers of
-- their contacts out) and their stage from their own steps (a new lead has no deals).
-- Every lookup of stored leads names its contact and instant as one row comparison, which
-- only the contact's index (leads_phone, leads_email) can serve as a range: the plan is the
-- same index probe whatever the planner statistics say (a table filled since its last
-- ANALYZE would otherwise be scanned by leads_created for each document).
-- Returns (ord, recheck, the row's columns): recheck is true for a row that other documents of
-- the batch or later stored leads share a contact with; the derive step settles those, the
-- others are stored final (a single POST answers with them).
WITH s AS (
    -- a workspace without a settings row has the column defaults of migration 0003
    SELECT coalesce(w.target_regions, '{}') AS target_regions,
        coalesce(w.dedupe_window_days, 30) AS window_days
    FROM (
        SELECT) AS one
        LEFT JOIN workspace_settings w ON w.workspace_id = $1::uuid
), u AS (
    -- the documents, staged by kpid as one array of records (migration 0036)
    SELECT uuid_time_ordered () AS new_id, s.*, r.*
    FROM s, unnest($2::lead_staged[]) AS r
), v AS (
    SELECT u.*, dup.id AS dup_id, (u.phone_norm IS NOT NULL
            AND count(*) OVER (PARTITION BY u.phone_norm) > 1
            OR u.email_norm IS NOT NULL
            AND count(*) OVER (PARTITION BY u.email_norm) > 1)
        OR (EXISTS (
        SELECT 1
        FROM leads n
    WHERE n.workspace_id = $1::uuid
    AND n.phone_norm = u.phone_norm
    AND (n.phone_norm, n.created_at) > (u.phone_norm, u.created_at)
    AND (n.phone_norm, n.created_at) <= (u.phone_norm, u.created_at + make_interval(days => u.window_days)))
    OR EXISTS (
    SELECT 1
    FROM leads n
    WHERE n.workspace_id = $1::uuid
    AND n.email_norm = u.email_norm
    AND (n.email_norm, n.created_at) > (u.email_norm, u.created_at)
    AND (n.email_norm, n.created_at) <= (u.email_norm, u.created_at + make_interval(days => u.window_days)))) AS recheck
FROM u
    LEFT JOIN LATERAL (
        SELECT c.id
        FROM ((
                SELECT e.id, e.created_at
                FROM leads e
                WHERE e.workspace_id = $1::uuid
                    AND e.phone_norm = u.phone_norm
                AND (e.phone_norm, e.created_at) < (u.phone_norm, u.created_at)
                AND (e.phone_norm, e.created_at) >= (u.phone_norm, u.created_at - make_interval(days => u.window_days))
                ORDER BY e.created_at, e.id
                LIMIT 1)
        UNION ALL (
            SELECT e.id, e.created_at
            FROM leads e
            WHERE e.workspace_id = $1::uuid
                AND e.email_norm = u.email_norm
                AND (e.email_norm, e.created_at) < (u.email_norm, u.created_at)
                AND (e.email_norm, e.created_at) >= (u.email_norm, u.created_at - make_interval(days => u.window_days))
            ORDER BY e.created_at, e.id
            LIMIT 1)) AS c
ORDER BY c.created_at, c.id
LIMIT 1) AS dup ON TRUE
), ins AS (
INSERT INTO leads (workspace_id, id, source, external_id, channel, campaign, utm_source,
    utm_medium, created_at, contact_name, contact_phone, contact_email, phone_norm, email_norm,
    region, is_valid, invalid_reason, is_sql, is_brand, first_contact_at, meeting_at, proposal_at,
    lost_at, lost_reason, attributes, reaction_minutes, valid, duplicate_of, stage)
    SELECT $1::uuid, new_id, coalesce(source, 'api'), external_id, channel, campaign,
        utm_source, utm_medium, created_at, contact_name, contact_phone, contact_email,
        phone_norm, email_norm, region, is_valid, invalid_reason, coalesce(is_sql, FALSE),
        coalesce(is_brand, FALSE), first_contact_at, meeting_at, proposal_at, lost_at, lost_reason,
        coalesce(attributes, '{}'), reaction_minutes, coalesce(is_valid, coalesce((v.phone_norm IS NOT NULL
                OR v.email_norm IS NOT NULL)
            AND (cardinality(v.target_regions) = 0
                OR lower(v.region) IN (
                    SELECT lower(r)
                    FROM unnest(v.target_regions) AS r)), FALSE)
    AND dup_id IS NULL), dup_id, CASE WHEN v.lost_at IS NOT NULL THEN
            'lost'
        WHEN FALSE THEN
            'won'
        WHEN v.proposal_at IS NOT NULL THEN
            'proposal'
        WHEN v.meeting_at IS NOT NULL THEN
            'meeting'
        WHEN v.first_contact_at IS NOT NULL THEN
            'contacted'
        ELSE
            'new'
        END
    FROM v
    ON CONFLICT (workspace_id, source, external_id)
    WHERE external_id IS NOT NULL
            DO NOTHING
        RETURNING *
)
SELECT v.ord, v.recheck, ins.*
FROM v
    JOIN ins ON ins.id = v.new_id;
