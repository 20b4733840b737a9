/* Webhook deliveries (the inbox): the statements of src/kpid/store/sql/webhook_event_*.sql with
 * named parameters. */
#include "kpid/store/webhook_event.h"

KPID_DB_STMT(webhook_event_list, "webhook_event_list");

kpid_result *kpid_store_webhook_event_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status)
{
    const struct kpid_webhook_event_filter *f = filter;
    const char *params[] = {workspace_id, page->after_key, page->after_id,
                            page->limit,  f->status,       f->source};
    return kpid_db_exec(db, &webhook_event_list, 6, params, status);
}
