/* Periods in the database: one function per statement of src/kpid/store/sql/period_*.sql. */
#ifndef KPID_STORE_PERIOD_H
#define KPID_STORE_PERIOD_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/*
 * Defines period `id` of `kind` with local dates [start_date, end_date), its instants those
 * dates' 00:00 in the workspace time zone; an existing open period gets its instants
 * refreshed. One row: id, start_date, end_date, starts_at, ends_at, closed_at (NULL while
 * open) and `created`.
 */
kpid_result *kpid_store_period_upsert(struct kpid_db *db, const char *workspace_id, const char *id,
                                      const char *kind, const char *start_date,
                                      const char *end_date, enum kpid_db_status *status);

/* The period with this id (no row when it is not defined), with the columns of an upsert
 * but `created`. */
kpid_result *kpid_store_period_get(struct kpid_db *db, const char *workspace_id, const char *id,
                                   enum kpid_db_status *status);

/* The periods by (start_date, id), each filter optional (NULL): of a kind, after
 * (after_start, after_id), at most limit rows; the columns of a get. */
kpid_result *kpid_store_period_list(struct kpid_db *db, const char *workspace_id, const char *kind,
                                    const char *after_start, const char *after_id,
                                    const char *limit, enum kpid_db_status *status);

/*
 * Resolves periods given as three parallel text[] literals (ids, local start and end dates)
 * and the moment as_of (NULL = now()). One row per period in the order given: ord (from 1),
 * starts_at, ends_at (stored, or computed in the workspace time zone), stored, closed, and
 * the moment as_of with as_of_local (its local wall time in seconds since 1970).
 */
kpid_result *kpid_store_period_frame_list(struct kpid_db *db, const char *workspace_id,
                                          const char *ids, const char *start_dates,
                                          const char *end_dates, const char *as_of,
                                          enum kpid_db_status *status);

/* Marks the period closed by the API key closed_by. */
enum kpid_db_status kpid_store_period_mark_closed(struct kpid_db *db, const char *workspace_id,
                                                  const char *id, const char *closed_by);

/* Marks the period open again; *reopened is false when it was not closed (or not defined). */
enum kpid_db_status kpid_store_period_mark_open(struct kpid_db *db, const char *workspace_id,
                                                const char *id, bool *reopened);

/* Records that the API key key_id closed the period (forced: despite provisional results). */
enum kpid_db_status kpid_store_period_event_insert_close(struct kpid_db *db,
                                                         const char *workspace_id, const char *id,
                                                         bool forced, const char *key_id);

/* Records that the API key key_id reopened the period. */
enum kpid_db_status kpid_store_period_event_insert_reopen(struct kpid_db *db,
                                                          const char *workspace_id, const char *id,
                                                          const char *key_id);

#endif
