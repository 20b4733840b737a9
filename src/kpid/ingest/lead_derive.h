/* The lead's derived fields: validity, duplicate_of, stage and reaction minutes. */
#ifndef KPID_INGEST_LEAD_DERIVE_H
#define KPID_INGEST_LEAD_DERIVE_H

#include "kpid/store/db.h"
#include "kpid/ingest/settings.h"

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
