/* Leads in the database: one function per statement of src/kpid/store/sql/lead_*.sql. */
#ifndef KPID_STORE_LEAD_H
#define KPID_STORE_LEAD_H

#include "kpid/store/db.h"
#include "kpid/store/page.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* The filters of the list; NULL = no filter. */
struct kpid_lead_filter {
    const char *from; /* created_at >= from */
    const char *to;   /* created_at < to */
    const char *channel;
    const char *valid; /* "t" or "f" */
    const char *stage;
};

/* The workspace rules a lead's validity and duplicates follow, as statement parameters. */
struct kpid_lead_rules {
    const char *target_regions;     /* text[] literal */
    const char *dedupe_window_days; /* a whole number, as text */
};

/* One page by (ingested_at, id); filter is a struct kpid_lead_filter. */
kpid_result *kpid_store_lead_list(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_store_page *page, const void *filter,
                                  enum kpid_db_status *status);

/* The lead `id` of the workspace: no row or one, with the Lead columns. */
kpid_result *kpid_store_lead_fetch(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status);

/* What a lead write locks, as text[] literals: its documents' phone_norm and email_norm
 * values, the lead ids they address, and their natural keys as side-by-side source and
 * external_id arrays (see lead_lock_writers.sql). */
struct kpid_lead_lock_keys {
    const char *phones, *emails, *ids, *sources, *external_ids;
};

/* The members of a lead document that lead_insert.sql takes, in the order of the fields of
 * its lead_staged records (migration 0036). */
#define KPID_LEAD_INSERT_COLUMN_COUNT 25
extern const char *const kpid_lead_insert_columns[KPID_LEAD_INSERT_COLUMN_COUNT];

/*
 * Serialises the workspace's lead writers that share a key (see lead_lock_writers.sql): locks
 * the keys of `keys` and of the stored leads they address until COMMIT, and sets *settings to
 * the lock's row (the settings_get columns). With `records`, kpid_store_lead_insert runs after
 * it in the same round trip and its rows are returned. On failure both are NULL.
 */
kpid_result *kpid_store_lead_lock_writers(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_lead_lock_keys *keys,
                                          const char *records, kpid_result **settings,
                                          enum kpid_db_status *status);

/*
 * Inserts lead documents, given as a lead_staged[] literal of their kpid_lead_insert_columns
 * ("ord" is the document's place in the write), skipping existing natural keys, with validity
 * and duplicates by the workspace's settings, on the statement's generic plan. Rows: (ord,
 * recheck, the lead's columns) of the inserted leads.
 */
kpid_result *kpid_store_lead_insert(struct kpid_db *db, const char *workspace_id,
                                    const char *records, enum kpid_db_status *status);

/*
 * Applies the documents to the leads with their "id" or natural key. Rows: (ord, id). First,
 * in the same round trip, takes the writers' locks of `keys` (the documents' keys) again: the
 * stored contacts it reads now are those the leads' last writers left, which the write's
 * first lock read as it started, before it waited for those writers. With `first` (the write
 * holds no lock yet) that first lock goes in the same round trip too. *settings is the lock's
 * row (as kpid_store_lead_lock_writers); on failure both are NULL.
 */
kpid_result *kpid_store_lead_update(struct kpid_db *db, const char *workspace_id,
                                    const struct kpid_lead_lock_keys *keys, bool first,
                                    const char *docs, kpid_result **settings,
                                    enum kpid_db_status *status);

/* Recomputes valid, duplicate_of and stage of the leads `ids` (uuid[] literal) and of the
 * later leads sharing their contacts, by `rules`. */
enum kpid_db_status kpid_store_lead_derive(struct kpid_db *db, const char *workspace_id,
                                           const char *ids, const struct kpid_lead_rules *rules);

/* Locks the leads `ids` (uuid[] literal) whose stage deals are about to change. */
enum kpid_db_status kpid_store_lead_lock_for_deals(struct kpid_db *db, const char *workspace_id,
                                                   const char *ids);

/* Erases the lead's personal data; *found tells whether the workspace has the lead. */
enum kpid_db_status kpid_store_lead_erase(struct kpid_db *db, const char *workspace_id,
                                          const char *id, bool *found);

/* The id of the lead with this natural key into id (37 bytes), or "" when there is none. */
enum kpid_db_status kpid_store_lead_find_key(struct kpid_db *db, const char *workspace_id,
                                             const char *source, const char *external_id,
                                             char id[37]);

/* Local wall-clock times (epoch seconds in `timezone`) of the documents that set both
 * created_at and first_contact_at. Rows: (ord, created_local, contacted_local). */
kpid_result *kpid_store_lead_local_times_docs(struct kpid_db *db, const char *timezone,
                                              const char *docs, enum kpid_db_status *status);

/* The same for stored leads: those in `ids` (uuid[] literal), or with ids NULL every
 * contacted lead of the workspace. Rows: (id, created_local, contacted_local). */
kpid_result *kpid_store_lead_local_times(struct kpid_db *db, const char *workspace_id,
                                         const char *timezone, const char *ids,
                                         enum kpid_db_status *status);

/* Stores reaction_minutes[i] (float8[] literal, NULL elements clear) on the lead ids[i]. */
enum kpid_db_status kpid_store_lead_reaction_store(struct kpid_db *db, const char *workspace_id,
                                                   const char *ids, const char *minutes);

#endif
