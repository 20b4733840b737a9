/* NPS answers: the statements of src/kpid/store/sql/nps_*.sql with named parameters. */
#include "kpid/store/nps.h"

KPID_DB_STMT(nps_upsert, "nps_upsert");
KPID_DB_STMT(nps_list, "nps_list");

kpid_result *kpid_store_nps_upsert(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_nps_answer *answer,
                                   enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, answer->score, answer->responded_at, answer->client_ref,
                            answer->external_id};
    return kpid_db_exec(db, &nps_upsert, 5, params, status);
}

kpid_result *kpid_store_nps_list(struct kpid_db *db, const char *workspace_id,
                                 const struct kpid_store_page *page, const void *filter,
                                 enum kpid_db_status *status)
{
    const struct kpid_nps_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->from,      f->to,           f->client_ref};
    return kpid_db_exec(db, &nps_list, 7, params, status);
}
