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

/*
 * Recomputes valid, duplicate_of and stage of the leads in `ids` (a uuid[] literal) and
 * duplicate_of / valid of the later leads sharing their normalised phone or e-mail within
 * the dedupe window (or marked duplicates of them), by the settings `s`; with `reaction`,
 * reaction_minutes of `ids` too. Rows that change get a new updated_at.
 */
enum kpid_db_status kpid_lead_derive(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_settings *s, const char *ids, bool reaction);

#endif
