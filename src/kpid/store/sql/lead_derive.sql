-- $1 workspace, $2 the written leads (uuid[]), $3 dedupe window in days, $4 target regions.
-- t: the written leads, the later ones within the window that share a phone or e-mail with
-- one of them, and those marked duplicates of them. dup: the earliest earlier lead within
-- the window with the same phone or e-mail (an erased lead keeps what it had: it has no
-- contact left to compare). A sender's is_valid wins; else the workspace rules. Lookups by
-- contact are row comparisons on (contact, created_at), as in lead_insert.sql: index probes of
-- leads_phone / leads_email whatever the statistics.
WITH w AS (SELECT l.id, l.phone_norm, l.email_norm, l.created_at FROM leads l
  WHERE l.workspace_id = $1::uuid AND l.id = ANY($2::uuid[])),
t AS (SELECT id FROM w   UNION SELECT n.id FROM w JOIN leads n ON n.workspace_id = $1::uuid
    AND n.phone_norm = w.phone_norm AND (n.phone_norm, n.created_at) > (w.phone_norm, w.created_at)
    AND (n.phone_norm, n.created_at) <= (w.phone_norm, w.created_at + make_interval(days => $3::int))
  UNION SELECT n.id FROM w JOIN leads n ON n.workspace_id = $1::uuid
    AND n.email_norm = w.email_norm AND (n.email_norm, n.created_at) > (w.email_norm, w.created_at)
    AND (n.email_norm, n.created_at) <= (w.email_norm, w.created_at + make_interval(days => $3::int))
  UNION SELECT n.id FROM leads n WHERE n.workspace_id = $1::uuid
    AND n.duplicate_of = ANY($2::uuid[])),
x AS (SELECT l.id,   CASE WHEN l.erased_at IS NOT NULL THEN l.duplicate_of ELSE dup.id END AS
    duplicate_of,
  CASE WHEN l.is_valid IS NOT NULL THEN l.is_valid
    WHEN l.erased_at IS NOT NULL THEN l.valid
    ELSE coalesce((l.phone_norm IS NOT NULL OR l.email_norm IS NOT NULL) AND
    (cardinality($4::text[]) = 0 OR lower(l.region) IN (SELECT lower(r) FROM unnest($4::text[]) AS
    r)), false)
AND dup.id IS NULL END AS valid, CASE WHEN l.lost_at IS NOT NULL THEN 'lost' WHEN EXISTS (SELECT 1
    FROM deals g WHERE g.workspace_id = $1::uuid
AND g.lead_id = l.id AND g.status = 'won')
THEN 'won' WHEN l.proposal_at IS NOT NULL THEN 'proposal' WHEN l.meeting_at IS NOT NULL
THEN 'meeting' WHEN l.first_contact_at IS NOT NULL THEN 'contacted' ELSE 'new' END
AS stage   FROM t JOIN leads l ON l.workspace_id = $1::uuid AND l.id = t.id
  LEFT JOIN LATERAL (SELECT c.id FROM ((SELECT e.id, e.created_at FROM leads e WHERE e.workspace_id
    = $1::uuid
AND e.phone_norm = l.phone_norm AND (e.phone_norm, e.created_at) < (l.phone_norm, l.created_at)
AND (e.phone_norm, e.created_at) >= (l.phone_norm, l.created_at - make_interval(days => $3::int))
ORDER BY e.created_at, e.id LIMIT 1) UNION ALL
(SELECT e.id, e.created_at FROM leads e WHERE e.workspace_id = $1::uuid
AND e.email_norm = l.email_norm AND (e.email_norm, e.created_at) < (l.email_norm, l.created_at)
AND (e.email_norm, e.created_at) >= (l.email_norm, l.created_at - make_interval(days => $3::int))
ORDER BY e.created_at, e.id LIMIT 1)) AS c ORDER BY c.created_at, c.id LIMIT 1)
AS dup ON true) UPDATE leads l SET duplicate_of = x.duplicate_of, valid = x.valid, stage = x.stage,
  updated_at = now() FROM x WHERE l.workspace_id = $1::uuid AND l.id = x.id
  AND (l.duplicate_of, l.valid, l.stage)
    IS DISTINCT FROM (x.duplicate_of, x.valid, x.stage);
