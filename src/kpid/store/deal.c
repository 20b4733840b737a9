/* Deals: the statements of src/kpid/store/sql/deal_*.sql with named parameters. */
#include "kpid/store/deal.h"

KPID_DB_STMT(deal_list, "deal_list");

kpid_result *kpid_store_deal_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status)
{
    const struct kpid_deal_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit,
                            f->from,      f->to,           f->status,      f->channel};
    return kpid_db_exec(db, &deal_list, 8, params, status);
}
