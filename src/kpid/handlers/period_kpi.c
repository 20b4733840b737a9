/* Loads and checks the period and KPI that a target or manual fact is written for. */
#include "kpid/handlers/period_kpi.h"

#include "kpid/handlers/kpi_reply.h"
#include "kpid/http/body_decode.h"
#include "kpid/kpis/kpi_input.h"

enum kpid_db_status kpid_period_kpi_load(struct kpid_db *db, const char *workspace_id,
                                         const char *period_id, const char *code,
                                         struct kpid_period_row *period, struct kpid_kpi_def *kpi,
                                         struct kpid_write_result *out, bool *ok)
{
    bool found;
    *ok = false;
    enum kpid_db_status st = kpid_period_row_load(db, workspace_id, period_id, period, &found);
    if (st != KPID_DB_OK)
        return st;
    if (!found) {
        kpid_write_problem(out, 404, "not-found",
                           "no period %s (define it with PUT /v1/periods/%s)", period_id,
                           period_id);
        return KPID_DB_OK;
    }
    if ((st = kpid_kpi_def_load(db, workspace_id, code, kpi, &found)) != KPID_DB_OK)
        return st;
    if (!found) {
        kpid_write_problem(out, 404, "not-found", "no KPI %s", code);
        return KPID_DB_OK;
    }
    if (kpi->granularity != period->period.kind) {
        kpid_write_problem(out, 422, "validation", "KPI %s is reviewed per %s, period %s is a %s",
                           code, kpi_period_kind_name(kpi->granularity), period->id,
                           kpi_period_kind_name(period->period.kind));
    } else if (period->closed) {
        kpid_write_problem(out, 409, "conflict", "period %s is closed; reopen it to change it",
                           period->id);
    } else {
        *ok = true;
        return KPID_DB_OK;
    }
    kpid_kpi_def_clear(kpi);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_period_kpi_put(struct kpid_request *req, const struct kpid_field *spec,
                                      size_t n, const char *invalid, kpid_period_kpi_fill_fn fill,
                                      kpid_write_fn save, void *write)
{
    const char *period_id = kpid_http_param(req, 0);
    const char *kpi = kpid_http_param(req, 1);
    if (!kpid_is_code(kpi))
        return kpid_http_problem(req, 404, "not-found", NULL, "no KPI %s", kpi);
    struct kpid_fields f;
    enum kpid_outcome rc = kpid_http_fields_body(req, spec, n, invalid, &f);
    if (rc == KPID_OK) {
        fill(write, period_id, kpi, &f);
        rc = kpid_http_write(req, save, write);
    }
    kpid_fields_clear(&f);
    return rc;
}
