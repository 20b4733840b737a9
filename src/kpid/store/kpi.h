/* KPI definitions in the database: one function per statement of src/kpid/store/sql/kpi_*.sql. */
#ifndef KPID_STORE_KPI_H
#define KPID_STORE_KPI_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/*
 * A definition as the kpis table stores it, every member text (NULL = SQL NULL): code, name,
 * owner, level, metric or formula (or neither: manual), manual ("t"/"f"), unit, direction,
 * granularity, attribution, lag_days, channels (a JSON array text), the default target's
 * base, plan and stretch, description.
 */
struct kpid_store_kpi {
    const char *code, *name, *owner, *level, *metric, *formula, *manual;
    const char *unit, *direction, *granularity, *attribution, *lag_days, *channels;
    const char *target_base, *target_plan, *target_stretch, *description;
};

/*
 * The workspace's KPIs by code, each filter optional (NULL): of a granularity, of an owner,
 * codes after after_code, at most limit rows. Columns: code, name, owner, level, metric,
 * formula, manual, unit, direction, granularity, attribution, lag_days, channels_sql (a
 * text[] literal), channels_json (a JSON array text), target_base, target_plan,
 * target_stretch, description, created_at, updated_at.
 */
kpid_result *kpid_store_kpi_list(struct kpid_db *db, const char *workspace_id,
                                 const char *granularity, const char *owner, const char *after_code,
                                 const char *limit, enum kpid_db_status *status);

/* The KPI with this code (no row when there is none), with the columns of a list. */
kpid_result *kpid_store_kpi_get(struct kpid_db *db, const char *workspace_id, const char *code,
                                enum kpid_db_status *status);

/* Inserts the KPI; when its code exists, replace says whether to replace that KPI or leave it
 * alone. *created tells whether it was inserted. */
enum kpid_db_status kpid_store_kpi_save(struct kpid_db *db, const char *workspace_id,
                                        const struct kpid_store_kpi *k, bool replace,
                                        bool *created);

/* Deletes the KPI (its targets and facts go with it); *found tells whether it existed. */
enum kpid_db_status kpid_store_kpi_delete(struct kpid_db *db, const char *workspace_id,
                                          const char *code, bool *found);

/* One row, column `codes`: a JSON array of the codes of the scorecards naming the KPI, with
 * unless_granularity (may be NULL) only those of another granularity. */
kpid_result *kpid_store_kpi_scorecard_list(struct kpid_db *db, const char *workspace_id,
                                           const char *code, const char *unless_granularity,
                                           enum kpid_db_status *status);

/* Locks the KPIs whose codes are in codes_json (a JSON array text) until the transaction
 * ends: shared (a scorecard names them) or for update (they change). */
enum kpid_db_status kpid_store_kpi_lock_share(struct kpid_db *db, const char *workspace_id,
                                              const char *codes_json);
enum kpid_db_status kpid_store_kpi_lock_update(struct kpid_db *db, const char *workspace_id,
                                               const char *codes_json);

#endif
