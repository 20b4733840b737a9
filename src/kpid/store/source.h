/* Webhook sources in the database: one function per statement of src/kpid/store/sql/source_*.sql.
 */
#ifndef KPID_STORE_SOURCE_H
#define KPID_STORE_SOURCE_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* One page by (name, id); filter is unused (NULL). */
kpid_result *kpid_store_source_list(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_store_page *page, const void *filter,
                                    enum kpid_db_status *status);

#endif
