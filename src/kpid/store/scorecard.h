/* Scorecard definitions in the database: one function per statement of
 * src/kpid/store/sql/scorecard_*.sql. */
#ifndef KPID_STORE_SCORECARD_H
#define KPID_STORE_SCORECARD_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* A scorecard as the scorecards table stores it, every member text: owner may be NULL,
 * items is the JSON array text [{kpi, weight}]. */
struct kpid_store_scorecard {
    const char *code, *name, *owner, *granularity;
    const char *fixed_pay, *bonus_base, *max_attainment, *items;
};

/* The workspace's scorecards by code, each filter optional (NULL): of a granularity, codes
 * after after_code, at most limit rows. Columns: code, name, owner, granularity, fixed_pay,
 * bonus_base, max_attainment, items (JSON text), created_at, updated_at. */
kpid_result *kpid_store_scorecard_list(struct kpid_db *db, const char *workspace_id,
                                       const char *granularity, const char *after_code,
                                       const char *limit, enum kpid_db_status *status);

/* The scorecard with this code (no row when there is none), with the columns of a list. */
kpid_result *kpid_store_scorecard_get(struct kpid_db *db, const char *workspace_id,
                                      const char *code, enum kpid_db_status *status);

/* Inserts the scorecard; when its code exists, replace says whether to replace that scorecard
 * or leave it alone. *created tells whether it was inserted. */
enum kpid_db_status kpid_store_scorecard_save(struct kpid_db *db, const char *workspace_id,
                                              const struct kpid_store_scorecard *s, bool replace,
                                              bool *created);

/* Deletes the scorecard; *found tells whether it existed. */
enum kpid_db_status kpid_store_scorecard_delete(struct kpid_db *db, const char *workspace_id,
                                                const char *code, bool *found);

#endif
