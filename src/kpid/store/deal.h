/* Deals in the database: one function per statement of src/kpid/store/sql/deal_*.sql. */
#ifndef KPID_STORE_DEAL_H
#define KPID_STORE_DEAL_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* The filters of the list; NULL = no filter. */
struct kpid_deal_filter {
    const char *from; /* closed_at >= from */
    const char *to;   /* closed_at < to */
    const char *status;
    const char *channel;
};

/* One page by (ingested_at, id); filter is a struct kpid_deal_filter. */
kpid_result *kpid_store_deal_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status);

#endif
