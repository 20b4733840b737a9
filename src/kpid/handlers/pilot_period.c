/* PUT/DELETE /v1/periods/{id}/pilot: the whole workspace runs a defined, open period as a
 * pilot; its statements show the would-be bonus and pay none. */
#include "kpid/handlers/handlers.h"

#include "kpi/period.h"
#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/json/json_out.h"
#include "kpid/store/pilot_period.h"

static bool is_period_id(const char *s)
{
    kpi_period p;
    return kpi_period_parse(s, &p, NULL) == KPI_OK;
}

struct pilot_write {
    const char *period;
    struct kpid_fields f;
};

static enum kpid_db_status mark(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                struct kpid_write_result *out)
{
    struct pilot_write *w = ctx;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_pilot_period_set(db, req->auth.workspace_id, w->period,
                                                   kpid_fields_text(&w->f, "reason"), &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 1) {
        out->status = 200;
        out->body = json_pack("{s:s,s:b,s:o,s:o}", "period", w->period, "pilot", true, "reason",
                              kpid_json_text(kpid_result_text(res, 0, "reason")), "since",
                              kpid_json_timestamp(kpid_result_text(res, 0, "created_at")));
    } else {
        kpid_write_problem(out, 409, "conflict",
                           "period %s is not defined or is closed: define it, or reopen it",
                           w->period);
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_pilot_period_put(struct kpid_request *req)
{
    static const struct kpid_field spec[] = {
        {.path = "reason", .type = KPID_FIELD_STRING, .max_len = 500}};
    struct pilot_write w = {.period = kpid_http_param(req, 0)};
    enum kpid_outcome rc = KPID_OK;
    if (!is_period_id(w.period))
        return kpid_http_problem(req, 404, "not-found", NULL, "no period %s", w.period);
    if (req->body_len > 0)
        rc = kpid_http_fields_body(req, spec, 1, "the pilot period is not valid", &w.f);
    if (rc == KPID_OK)
        rc = kpid_http_write(req, mark, &w);
    kpid_fields_clear(&w.f);
    return rc;
}

static enum kpid_db_status unmark(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                  struct kpid_write_result *out)
{
    const char *period = ctx;
    bool found;
    enum kpid_db_status st =
        kpid_store_pilot_period_delete(db, req->auth.workspace_id, period, &found);
    if (st == KPID_DB_OK && found)
        out->status = 204;
    else if (st == KPID_DB_OK)
        kpid_write_problem(out, 404, "not-found", "period %s is no open pilot period", period);
    return st;
}

enum kpid_outcome kpid_h_pilot_period_delete(struct kpid_request *req)
{
    return kpid_http_write_one(req, "pilot period", is_period_id, unmark);
}
