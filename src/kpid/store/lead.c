/* Leads: the statements of src/kpid/store/sql/lead_*.sql with named parameters. */
#include "kpid/store/lead.h"

KPID_DB_STMT(lead_list, "lead_list");

kpid_result *kpid_store_lead_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status)
{
    const struct kpid_lead_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id, page->limit, f->from,
                            f->to,        f->channel,      f->valid,       f->stage};
    return kpid_db_exec(db, &lead_list, 9, params, status);
}
