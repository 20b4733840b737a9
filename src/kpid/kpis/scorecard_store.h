/* Writes of scorecard definitions: insert, replace. */
#ifndef KPID_KPIS_SCORECARD_STORE_H
#define KPID_KPIS_SCORECARD_STORE_H

/* Owner: the definitions API (handlers scorecards.c). Runs inside kpid_http_write. */

#include "kpid/store/db.h"
#include "kpid/kpis/scorecard_def.h"

#include <stdbool.h>

/* As kpid_kpi_def_save: replace = false leaves an existing code alone (*created false). */
enum kpid_db_status kpid_scorecard_def_save(struct kpid_db *db, const char *workspace_id,
                                            const struct kpid_scorecard_def *s, bool replace,
                                            bool *created);

#endif
