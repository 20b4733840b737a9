/* POST /v1/periods/{id}/reopen: unfreezes a closed period (results are computed live again);
 * the snapshot stays stored and the reopening is recorded with the key that asked. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/http/write.h"
#include "kpid/kpis/period.h"
#include "kpid/store/period.h"

static enum kpid_db_status reopen_period(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                         struct kpid_write_result *out)
{
    const kpi_period *period = ctx;
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(period, id);
    bool reopened;
    enum kpid_db_status st = kpid_store_period_mark_open(db, req->auth.workspace_id, id, &reopened);
    if (st == KPID_DB_OK && reopened)
        st =
            kpid_store_period_event_insert_reopen(db, req->auth.workspace_id, id, req->auth.key_id);
    if (st != KPID_DB_OK)
        return st;
    struct kpid_period_row row;
    bool found;
    if ((st = kpid_period_row_load(db, req->auth.workspace_id, id, &row, &found)) != KPID_DB_OK)
        return st;
    if (!reopened) {
        if (found)
            kpid_write_problem(out, 409, "conflict", "the period is not closed");
        else
            kpid_write_problem(out, 404, "not-found", "the period is not defined");
        return KPID_DB_OK;
    }
    out->status = 200;
    out->body = kpid_period_row_json(&row);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_period_reopen_post(struct kpid_request *req)
{
    kpi_period period;
    enum kpid_outcome rc = kpid_results_period(req, &period);
    if (rc != KPID_OK)
        return rc;
    return kpid_http_write(req, reopen_period, &period);
}
