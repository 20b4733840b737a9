/* API keys in the database: one function per statement of src/kpid/store/sql/api_key_*.sql. */
#ifndef KPID_STORE_API_KEY_H
#define KPID_STORE_API_KEY_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* One page by (created_at, id); filter is unused (NULL). */
kpid_result *kpid_store_api_key_list(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_store_page *page, const void *filter,
                                     enum kpid_db_status *status);

#endif
