/* Spend entries: the statements of src/kpid/store/sql/spend_*.sql with named parameters. */
#include "kpid/store/spend.h"

KPID_DB_STMT(spend_upsert, "spend_upsert");
KPID_DB_STMT(spend_list, "spend_list");

kpid_result *kpid_store_spend_upsert(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_spend_entry *entry,
                                     enum kpid_db_status *status)
{
    const char *params[] = {workspace_id,    entry->channel, entry->date,
                            entry->campaign, entry->amount,  entry->note};
    return kpid_db_exec(db, &spend_upsert, 6, params, status);
}

kpid_result *kpid_store_spend_list(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_store_page *page, const void *filter,
                                   enum kpid_db_status *status)
{
    const struct kpid_spend_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->from,      f->to,           f->channel};
    return kpid_db_exec(db, &spend_list, 7, params, status);
}
