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

/* A spend entry as posted; texts already validated. */
struct kpid_spend_entry {
    const char *channel;
    const char *date;     /* YYYY-MM-DD */
    const char *campaign; /* NULL = "" */
    const char *amount;   /* a decimal */
    const char *note;     /* may be NULL */
};

/* Creates the entry, or updates the one with the same (channel, date, campaign). One row:
 * the entry's columns (id, channel, date, campaign, amount, note, ingested_at, updated_at)
 * and `created` (false for an update). */
kpid_result *kpid_store_spend_upsert(struct kpid_db *db, const char *workspace_id,
                                     const struct kpid_spend_entry *entry,
                                     enum kpid_db_status *status);

/* One page by (date, id), with the entry's columns; filter is a struct kpid_spend_filter. */
kpid_result *kpid_store_spend_list(struct kpid_db *db, const char *workspace_id,
                                   const struct kpid_store_page *page, const void *filter,
                                   enum kpid_db_status *status);

#endif
