/* Deals: the statements of src/kpid/store/sql/deal_*.sql with named parameters. */
#include "kpid/store/deal.h"

KPID_DB_STMT(deal_list, "deal_list");
KPID_DB_STMT(deal_fetch, "deal_fetch");
KPID_DB_STMT(deal_resolve, "deal_resolve");
KPID_DB_STMT(deal_insert, "deal_insert");
KPID_DB_STMT(deal_update, "deal_update");

kpid_result *kpid_store_deal_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status)
{
    const struct kpid_deal_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->from,      f->to,           f->status,      f->channel};
    return kpid_db_exec(db, &deal_list, 8, params, status);
}

/* The statements that take the workspace and one more value. */
static kpid_result *two(struct kpid_db *db, struct kpid_db_stmt *stmt, const char *workspace_id,
                        const char *value, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, value};
    return kpid_db_exec(db, stmt, 2, params, status);
}

kpid_result *kpid_store_deal_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status)
{
    return two(db, &deal_fetch, workspace_id, id, status);
}

kpid_result *kpid_store_deal_resolve(struct kpid_db *db, const char *workspace_id, const char *docs,
                                     enum kpid_db_status *status)
{
    return two(db, &deal_resolve, workspace_id, docs, status);
}

kpid_result *kpid_store_deal_upsert(struct kpid_db *db, const char *workspace_id, bool insert,
                                    const char *docs, enum kpid_db_status *status)
{
    return two(db, insert ? &deal_insert : &deal_update, workspace_id, docs, status);
}
