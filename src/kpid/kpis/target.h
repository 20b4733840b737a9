/* Targets of a period: the stored ones, and each KPI's default where the period has none. */
#ifndef KPID_KPIS_TARGET_H
#define KPID_KPIS_TARGET_H

/*
 * Owner: the definitions API (handlers targets.c). Used read-only by the results side to
 * find the target every result of a period is assessed against.
 */

#include "kpi/score.h"
#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The target of one KPI in one period. */
struct kpid_target_row {
    char kpi[KPID_KPI_CODE_MAX + 1];
    kpi_target target;
    bool own; /* true: set for the period ("source": "period"); false: the KPI's default */
};

/*
 * The effective targets of period `period_id` (of kind `kind`) for the KPIs of that
 * granularity that have one, ordered by KPI code: the period's own target when set (all
 * three parts from it), else the KPI's default. *out is malloc()ed (free it).
 */
enum kpid_db_status kpid_target_rows_load(struct kpid_db *db, const char *workspace_id,
                                          const char *period_id, const char *kind,
                                          struct kpid_target_row **out, size_t *n);

/* Stores the period's own target of a KPI; *created tells whether it is new. */
enum kpid_db_status kpid_target_row_save(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *kpi,
                                         const kpi_target *t, bool *created);

/* {kpi, base, plan, stretch, source: "period"|"default"}. */
json_t *kpid_target_row_json(const struct kpid_target_row *row);

#endif
