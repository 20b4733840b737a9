/* Spend entries in the database: one function per statement of src/kpid/store/sql/spend_*.sql. */
#ifndef KPID_STORE_SPEND_H
#define KPID_STORE_SPEND_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* The filters of the list; NULL = no filter. */
struct kpid_spend_filter {
    const char *from; /* date >= from */
    const char *to;   /* date <= to */
    const char *channel;
};

/* One page by (date, id); filter is a struct kpid_spend_filter. */
kpid_result *kpid_store_spend_list(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_store_page *page, const void *filter,
                                   enum kpid_db_status *status);

#endif
