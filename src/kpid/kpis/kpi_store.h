/* Writes of KPI definitions: insert, replace, and which scorecards use a KPI. */
#ifndef KPID_KPIS_KPI_STORE_H
#define KPID_KPIS_KPI_STORE_H

/* Owner: the definitions API (handlers kpis.c). Runs inside kpid_http_write transactions. */

#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * Stores k. With replace = false, an existing code is left alone and *created is false;
 * with replace = true, an existing definition is replaced (*created false) or a new one
 * inserted (*created true).
 */
enum kpid_db_status kpid_kpi_def_save(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_kpi_def *k, bool replace, bool *created);

/*
 * The codes (a new JSON array, sorted) of the scorecards whose items name the KPI; with
 * `unless_granularity`, only those whose granularity differs from it.
 */
enum kpid_db_status kpid_kpi_scorecards(struct kpid_db *db, const char *workspace_id,
                                        const char *code, const char *unless_granularity,
                                        json_t **codes);

/*
 * Locks the KPI rows whose codes are in codes_json (a JSON array text) until the
 * transaction ends: `exclusive` for a change of the KPIs themselves (replace, delete),
 * else shared (a scorecard naming them), so a scorecard never names a deleted KPI.
 */
enum kpid_db_status kpid_kpi_lock(struct kpid_db *db, const char *workspace_id,
                                  const char *codes_json, bool exclusive);

#endif
