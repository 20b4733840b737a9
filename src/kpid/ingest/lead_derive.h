/* The lead's derived fields: validity, duplicate_of, stage and reaction minutes. */
#ifndef KPID_INGEST_LEAD_DERIVE_H
#define KPID_INGEST_LEAD_DERIVE_H

#include "kpid/db/db.h"
#include "kpid/ingest/settings.h"

/* The workspace validity rules for lead row `t` without the duplicate condition: a usable
 * phone or e-mail, and the region among the target regions (SQL text[] `regions`) when
 * there are any. Never NULL. */
#define KPID_LEAD_RULES(t, regions)                                                                \
    "coalesce((" t ".phone_norm IS NOT NULL OR " t                                                 \
    ".email_norm IS NOT NULL) AND (cardinality(" regions "::text[]) = 0 OR lower(" t               \
    ".region) IN (SELECT lower(r) FROM unnest(" regions "::text[]) AS r)), false)"

/* The stage of lead row `t` given `won`, the SQL condition that it has a won deal. */
#define KPID_LEAD_STAGE(t, won)                                                                    \
    "CASE WHEN " t ".lost_at IS NOT NULL THEN 'lost' WHEN " won " THEN 'won'"                      \
    " WHEN " t ".proposal_at IS NOT NULL THEN 'proposal' WHEN " t ".meeting_at IS NOT NULL"        \
    " THEN 'meeting' WHEN " t ".first_contact_at IS NOT NULL THEN 'contacted' ELSE 'new' END"

/* The earliest lead of workspace $1 created before lead row `t`, at most `days` (SQL int)
 * days before, with the same normalised phone or e-mail: a subquery giving its `id` (no
 * row: `t` is not a duplicate), one index probe per contact, for a LEFT JOIN LATERAL. */
#define KPID_LEAD_EARLIER(t, days)                                                                 \
    "(SELECT c.id FROM ("                                                                          \
    "(SELECT e.id, e.created_at FROM leads e WHERE e.workspace_id = $1::uuid"                      \
    " AND e.phone_norm = " t ".phone_norm AND e.created_at < " t ".created_at"                     \
    " AND e.created_at >= " t ".created_at - make_interval(days => " days "::int)"                 \
    " ORDER BY e.created_at, e.id LIMIT 1)"                                                        \
    " UNION ALL"                                                                                   \
    " (SELECT e.id, e.created_at FROM leads e WHERE e.workspace_id = $1::uuid"                     \
    " AND e.email_norm = " t ".email_norm AND e.created_at < " t ".created_at"                     \
    " AND e.created_at >= " t ".created_at - make_interval(days => " days "::int)"                 \
    " ORDER BY e.created_at, e.id LIMIT 1)) AS c ORDER BY c.created_at, c.id LIMIT 1)"

/*
 * Recomputes valid, duplicate_of and stage of the leads in `ids` (a uuid[] literal) and
 * duplicate_of / valid of the later leads sharing their normalised phone or e-mail within
 * the dedupe window (or marked duplicates of them), by the settings `s`; with
 * `reaction_ids` (a uuid[] literal), reaction_minutes of those leads too. Rows that change
 * get a new updated_at.
 */
enum kpid_db_status kpid_lead_derive(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_settings *s, const char *ids,
                                     const char *reaction_ids);

#endif
