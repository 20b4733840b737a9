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
KPID_DB_STMT(derive,
    "WITH w AS (SELECT l.id, l.phone_norm, l.email_norm, l.created_at FROM leads l"
    "   WHERE l.workspace_id = $1::uuid AND l.id = ANY($2::uuid[])),"
    " t AS (SELECT id FROM w"
    "   UNION SELECT n.id FROM w JOIN leads n ON n.workspace_id = $1::uuid"
    "     AND n.phone_norm = w.phone_norm AND n.created_at > w.created_at"
    "     AND n.created_at <= w.created_at + make_interval(days => $3::int)"
    "   UNION SELECT n.id FROM w JOIN leads n ON n.workspace_id = $1::uuid"
    "     AND n.email_norm = w.email_norm AND n.created_at > w.created_at"
    "     AND n.created_at <= w.created_at + make_interval(days => $3::int)"
    "   UNION SELECT n.id FROM leads n WHERE n.workspace_id = $1::uuid"
    "     AND n.duplicate_of = ANY($2::uuid[])),"
    " x AS (SELECT l.id,"
    "   CASE WHEN l.erased_at IS NOT NULL THEN l.duplicate_of ELSE dup.id END AS duplicate_of,"
    "   CASE WHEN l.is_valid IS NOT NULL THEN l.is_valid"
    "     WHEN l.erased_at IS NOT NULL THEN l.valid"
    "     ELSE " KPID_LEAD_RULES("l", "$4") " AND dup.id IS NULL END AS valid, "
    KPID_LEAD_STAGE("l", "EXISTS (SELECT 1 FROM deals g WHERE g.workspace_id = $1::uuid"
                         " AND g.lead_id = l.id AND g.status = 'won')") " AS stage"
    "   FROM t JOIN leads l ON l.workspace_id = $1::uuid AND l.id = t.id"
    "   LEFT JOIN LATERAL " KPID_LEAD_EARLIER("l", "$3") " AS dup ON true)"
    " UPDATE leads l SET duplicate_of = x.duplicate_of, valid = x.valid, stage = x.stage,"
    "   updated_at = now()"
    " FROM x WHERE l.workspace_id = $1::uuid AND l.id = x.id"
    "   AND (l.duplicate_of, l.valid, l.stage)"
    "     IS DISTINCT FROM (x.duplicate_of, x.valid, x.stage)");
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
