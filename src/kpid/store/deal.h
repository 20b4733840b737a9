/* Deals in the database: the statements of src/kpid/store/sql/deal_*.sql (insert and update
 * behind one function with a flag). */
#ifndef KPID_STORE_DEAL_H
#define KPID_STORE_DEAL_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

#include <stdbool.h>

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

/* The deal `id` of the workspace: no row or one, with the Deal columns. */
kpid_result *kpid_store_deal_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status);

/*
 * Per deal document (`docs`: a JSON array with "ord"), the stored deal it updates and the
 * lead it names. Rows: ord, lead_found, lead_id, lead_channel, deal_found, status,
 * has_closed_at, stored_lead_id, stored_lead_channel.
 */
kpid_result *kpid_store_deal_resolve(struct kpid_db *db, const char *workspace_id, const char *docs,
                                     enum kpid_db_status *status);

/*
 * insert: inserts the documents, skipping existing natural keys (rows: (ord, id) of the
 * inserted); else applies them to the deals with their "id" or natural key (rows: (ord, id)).
 */
kpid_result *kpid_store_deal_upsert(struct kpid_db *db, const char *workspace_id, bool insert,
                                    const char *docs, enum kpid_db_status *status);

#endif
