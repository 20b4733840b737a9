/* Webhook deliveries (the inbox) in the database: one function per statement of
 * src/kpid/store/sql/webhook_event_*.sql. */
#ifndef KPID_STORE_WEBHOOK_EVENT_H
#define KPID_STORE_WEBHOOK_EVENT_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* The filters of the list; NULL = no filter. */
struct kpid_webhook_event_filter {
    const char *status;
    const char *source; /* the source's name */
};

/* One page by (received_at, id); filter is a struct kpid_webhook_event_filter. */
kpid_result *kpid_store_webhook_event_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status);

#endif
