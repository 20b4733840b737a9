/* Derives lead validity, duplicates and stage set-based, in one UPDATE per batch. */
#include "kpid/ingest/lead_derive.h"

#include "kpid/ingest/reaction.h"

#include <stdio.h>

/*
 * $1 workspace, $2 the written leads (uuid[]), $3 dedupe window in days, $4 target regions.
 * t: the written leads, the later ones within the window that share a phone or e-mail with
 * one of them, and those marked duplicates of them. dup: the earliest earlier lead within
 * the window with the same phone or e-mail (an erased lead keeps what it had: it has no
 * contact left to compare). A sender's is_valid wins; else the workspace rules.
 */
// clang-format off
KPID_DB_STMT(derive, "lead_derive");
// clang-format on

enum kpid_db_status kpid_lead_derive(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_settings *s, const char *ids,
                                     const char *reaction_ids)
{
    enum kpid_db_status st = KPID_DB_OK;
    if (reaction_ids != NULL &&
        (st = kpid_reaction_update(db, workspace_id, s, reaction_ids)) != KPID_DB_OK)
        return st;
    char window[16];
    snprintf(window, sizeof window, "%d", s->dedupe_window_days);
    const char *params[] = {workspace_id, ids, window, s->target_regions_sql};
    PGresult *res = kpid_db_exec(db, &derive, 4, params, &st);
    PQclear(res);
    return st;
}
