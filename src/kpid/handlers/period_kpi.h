/* The (period, KPI) pair a per-period write names in its path, checked before writing. */
#ifndef KPID_HANDLERS_PERIOD_KPI_H
#define KPID_HANDLERS_PERIOD_KPI_H

/* Owner: the definitions API (handlers targets.c, facts.c). */

#include "kpid/http/write.h"
#include "kpid/json/fields.h"
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

/* Sets a per-period write (`write`) from the path's period id and KPI code and the decoded
 * body; the decoded values live until the write has run. */
typedef void (*kpid_period_kpi_fill_fn)(void *write, const char *period_id, const char *kpi,
                                        const struct kpid_fields *body);

/*
 * PUT /v1/periods/{id}/.../{kpi}: 404 "no KPI" for a malformed code, 422 `invalid` for a body
 * that does not decode against spec; else `fill` sets up `write` and `save` runs with it in
 * one kpid_http_write transaction.
 */
enum kpid_outcome kpid_period_kpi_put(struct kpid_request *req, const struct kpid_field *spec,
                                      size_t n, const char *invalid, kpid_period_kpi_fill_fn fill,
                                      kpid_write_fn save, void *write);

#endif
