/* Facts of manual KPIs entered per period. */
#ifndef KPID_KPIS_FACT_H
#define KPID_KPIS_FACT_H

/*
 * Owner: the definitions API (handlers facts.c). Used read-only by the results side: the
 * fact of a manual KPI in a period is the stored value (null when none was entered).
 */

#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kpid_fact_row {
    char kpi[KPID_KPI_CODE_MAX + 1];
    double value;
    char updated_at[40]; /* PostgreSQL text (UTC) */
};

/* The manual facts of a period ordered by KPI code; *out is malloc()ed (free it). */
enum kpid_db_status kpid_fact_rows_load(struct kpid_db *db, const char *workspace_id,
                                        const char *period_id, struct kpid_fact_row **out,
                                        size_t *n);

/* Stores a KPI's fact for a period (value as SQL numeric text); fills *out. */
enum kpid_db_status kpid_fact_row_save(struct kpid_db *db, const char *workspace_id,
                                       const char *period_id, const char *kpi, const char *value,
                                       struct kpid_fact_row *out, bool *created);

/* {kpi, value, updated_at}. */
json_t *kpid_fact_row_json(const struct kpid_fact_row *row);

#endif
