/* The (period, KPI) pair a per-period write names in its path, checked before writing. */
#ifndef KPID_HANDLERS_PERIOD_KPI_H
#define KPID_HANDLERS_PERIOD_KPI_H

/* Owner: the definitions API (handlers targets.c, facts.c). */

#include "kpid/http/write.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/period.h"

#include <stdbool.h>

/*
 * Inside a write transaction: loads the period and the KPI and checks that the period is
 * defined and open and the KPI exists and is reviewed on periods of that kind. On success
 * *ok is true and *period, *kpi are filled (clear kpi with kpid_kpi_def_clear). Otherwise
 * *ok is false and out holds the problem (404 unknown period or KPI, 422 granularity
 * mismatch, 409 closed period); the return value is only a database status.
 */
enum kpid_db_status kpid_period_kpi_load(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *code,
                                         struct kpid_period_row *period, struct kpid_kpi_def *kpi,
                                         struct kpid_write_result *out, bool *ok);

#endif
