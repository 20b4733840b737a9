/* Targets in the database: one function per statement of src/kpid/store/sql/target_*.sql. */
#ifndef KPID_STORE_TARGET_H
#define KPID_STORE_TARGET_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

#include <stdbool.h>

/* The effective targets of period `period_id` for the KPIs of granularity `kind` that have
 * one, by KPI code. Columns: kpi_code, own (set for the period, else the KPI's default),
 * base, plan, stretch (each NULL when absent). */
kpid_result *kpid_store_target_list(struct kpid_db *db, const char *workspace_id,
                                    const char *period_id, const char *kind,
                                    enum kpid_db_status *status);

/* Stores the period's own target of a KPI (numeric texts, NULL = absent); *created tells
 * whether it is new. */
enum kpid_db_status kpid_store_target_upsert(struct kpid_db *db, const char *workspace_id,
                                             const char *period_id, const char *kpi_code,
                                             const char *base, const char *plan,
                                             const char *stretch, bool *created);

/* The periods' own targets, period_ids a text[] literal. Columns: period_id, kpi_code,
 * base, plan, stretch. */
kpid_result *kpid_store_target_grid_select(struct kpid_db *db, const char *workspace_id,
                                           const char *period_ids, enum kpid_db_status *status);

#endif
