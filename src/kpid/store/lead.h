/* Leads in the database: one function per statement of src/kpid/store/sql/lead_*.sql. */
#ifndef KPID_STORE_LEAD_H
#define KPID_STORE_LEAD_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* The filters of the list; NULL = no filter. */
struct kpid_lead_filter {
    const char *from; /* created_at >= from */
    const char *to;   /* created_at < to */
    const char *channel;
    const char *valid; /* "t" or "f" */
    const char *stage;
};

/* One page by (ingested_at, id); filter is a struct kpid_lead_filter. */
kpid_result *kpid_store_lead_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status);

#endif
