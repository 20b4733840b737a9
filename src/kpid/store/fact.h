/* Manual facts in the database: one function per statement of src/kpid/store/sql/fact_*.sql. */
#ifndef KPID_STORE_FACT_H
#define KPID_STORE_FACT_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* The manual facts of a period by KPI code. Columns: kpi_code, value, updated_at. */
kpid_result *kpid_store_fact_list(struct kpid_db *db, const char *workspace_id,
                                  const char *period_id, enum kpid_db_status *status);

/* Stores a KPI's fact for a period (value as numeric text). One row: the columns of a list
 * and `created`. */
kpid_result *kpid_store_fact_upsert(struct kpid_db *db, const char *workspace_id,
                                    const char *period_id, const char *kpi_code, const char *value,
                                    enum kpid_db_status *status);

/* The manual facts of periods, period_ids a text[] literal. Columns: period_id, kpi_code,
 * value. */
kpid_result *kpid_store_fact_grid_select(struct kpid_db *db, const char *workspace_id,
                                         const char *period_ids, enum kpid_db_status *status);

#endif
