/* Daily channel records in the database: one function per statement of
 * src/kpid/store/sql/channel_stats_*.sql. */
#ifndef KPID_STORE_CHANNEL_STATS_H
#define KPID_STORE_CHANNEL_STATS_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

/* The counter columns of a record, in the order of kpid_channel_counters. */
#define KPID_CHANNEL_COUNTERS 13
extern const char *const kpid_channel_counters[KPID_CHANNEL_COUNTERS];

/* A record as posted; texts already validated, NULL = not named by this write. */
struct kpid_channel_stats_entry {
    const char *channel;
    const char *date;     /* YYYY-MM-DD */
    const char *campaign; /* NULL = "" */
    const char *spend;    /* a decimal */
    const char *counts[KPID_CHANNEL_COUNTERS];
    const char *counters; /* a JSON object of free counters */
    const char *note;
};

/* The filters of the list; NULL = no filter. */
struct kpid_channel_stats_filter {
    const char *from; /* date >= from */
    const char *to;   /* date <= to */
    const char *channel;
    const char *campaign;
};

/* Creates the record, or merges into the one with the same (channel, date, campaign): what the
 * entry names replaces, the rest (free counters one by one) is kept. One row: the record's
 * columns (id, channel, date, campaign, spend, every counter, counters, note, ingested_at,
 * updated_at) and `created` (false for a merge). */
kpid_result *kpid_store_channel_stats_upsert(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_channel_stats_entry *entry,
                                             enum kpid_db_status *status);

/* One page by (date, id), with the record's columns; filter is a struct
 * kpid_channel_stats_filter. */
kpid_result *kpid_store_channel_stats_list(struct kpid_db *db, const char *workspace_id,
                                           const struct kpid_store_page *page, const void *filter,
                                           enum kpid_db_status *status);

#endif
