/* POST /v1/periods/{id}/close: computes the period's results, scorecards and payout statements
 * as of now and freezes them; refused while a KPI is provisional unless forced ({"force": true}
 * or ?force=true), naming the payouts that rest on one. */
#include "kpid/handlers/handlers.h"
#include "kpid/limits/limits.h"

#include "kpid/handlers/results_http.h"
#include "kpid/http/body_decode.h"
#include "kpid/json/fields.h"
#include "kpid/http/write.h"
#include "kpid/kpis/period.h"
#include "kpid/kpis/results.h"
#include "kpid/kpis/snapshot.h"
#include "kpid/people/payouts.h"
#include "kpid/store/period.h"
#include "kpid/store/period_result.h"
#include "kpid/store/results_session.h"

#include <stdlib.h>
#include <string.h>

struct close {
    kpi_period period;
    bool force;
};

/* The provisional results as field errors naming each KPI; NULL when there are none. */
static json_t *provisional(const json_t *results)
{
    json_t *errors = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        const char *maturity = json_string_value(json_object_get(r, "maturity"));
        if (maturity != NULL && strcmp(maturity, "provisional") == 0)
            kpid_json_error_add(errors, "/results", "KPI %s is provisional until %s",
                                json_string_value(json_object_get(r, "kpi")),
                                json_string_value(json_object_get(r, "matures_on")));
    }
    if (json_array_size(errors) == 0) {
        json_decref(errors);
        return NULL;
    }
    return errors;
}

/* Each payout resting on a provisional result, as a field error naming the person. */
static void provisional_payouts(const json_t *payouts, json_t *errors)
{
    size_t i;
    json_t *s;
    json_array_foreach(payouts, i, s)
    {
        json_t *kpis = json_object_get(s, "provisional_kpis");
        if (json_array_size(kpis) == 0)
            continue;
        char *names = json_dumps(kpis, JSON_COMPACT);
        kpid_json_error_add(errors, "/payouts", "the payout of %s rests on provisional %s",
                            json_string_value(json_object_get(s, "person")), names);
        free(names);
    }
}

/* Stores the snapshot and the payout statements (the period's stored results give way to
 * them), marks the period closed and records who closed it. */
static enum kpid_db_status freeze(struct kpid_db *db, struct kpid_request *req, const char *id,
                                  const char *as_of, const json_t *results,
                                  const json_t *scorecards, const json_t *payouts, bool forced)
{
    enum kpid_db_status st =
        kpid_snapshot_save(db, req->auth.workspace_id, id, as_of, results, scorecards);
    if (st == KPID_DB_OK)
        st = kpid_store_period_result_delete(db, req->auth.workspace_id, id);
    if (st == KPID_DB_OK)
        st = kpid_payouts_freeze(db, req->auth.workspace_id, id, payouts);
    if (st == KPID_DB_OK)
        st = kpid_store_period_mark_closed(db, req->auth.workspace_id, id, req->auth.key_id);
    if (st == KPID_DB_OK)
        st = kpid_store_period_event_insert_close(db, req->auth.workspace_id, id, forced,
                                                  req->auth.key_id);
    return st;
}

static enum kpid_db_status close_period(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                        struct kpid_write_result *out)
{
    const struct close *c = ctx;
    struct kpid_period_row row;
    bool created;
    enum kpid_db_status st = kpid_store_results_session(db, kpid_results_timeout_ms);
    if (st == KPID_DB_OK)
        st = kpid_period_row_upsert(db, req->auth.workspace_id, &c->period, &row, &created);
    if (st != KPID_DB_OK)
        return st;
    if (row.closed) {
        kpid_write_problem(out, 409, "conflict", "the period is already closed");
        return KPID_DB_OK;
    }
    struct kpid_results r;
    struct kpid_results_query q = {.period = c->period};
    json_t *scorecards = NULL, *results = NULL, *payouts = NULL;
    st = kpid_results_compute(db, req->auth.workspace_id, &q, &r);
    if (st == KPID_DB_OK)
        st = kpid_results_scorecards(db, req->auth.workspace_id, &r, &scorecards);
    if (st == KPID_DB_OK) {
        results = kpid_results_json(&r);
        st = kpid_payouts_compute(db, req->auth.workspace_id, &c->period, NULL, scorecards, results,
                                  &payouts);
    }
    if (st == KPID_DB_OK) {
        json_t *errors = provisional(results);
        if (errors != NULL)
            provisional_payouts(payouts, errors);
        if (errors != NULL && !c->force) {
            out->status = 409;
            out->problem = true;
            out->body = kpid_problem_body(409, "provisional-results", errors,
                                          "results are still provisional; close with "
                                          "{\"force\": true} or ?force=true to freeze them "
                                          "anyway");
        } else {
            json_decref(errors);
            st = freeze(db, req, row.id, r.frames.as_of, results, scorecards, payouts,
                        errors != NULL);
            out->status = 200;
            out->body = kpid_results_head(&r.frames);
            json_object_set_new(out->body, "closed", json_true());
            json_object_set(out->body, "results", results);
            json_object_set(out->body, "scorecards", scorecards);
            json_object_set(out->body, "payouts", payouts);
        }
    }
    json_decref(results);
    json_decref(payouts);
    json_decref(scorecards);
    kpid_results_free(&r);
    return st;
}

enum kpid_outcome kpid_h_period_close_post(struct kpid_request *req)
{
    const char *force_query = kpid_http_query(req, "force");
    struct close c = {{0}, force_query != NULL && strcmp(force_query, "true") == 0};
    enum kpid_outcome rc = kpid_results_period(req, &c.period);
    if (rc != KPID_OK)
        return rc;
    if (req->body_len > 0) { /* optional body: {"force": true|false} */
        static const struct kpid_field spec[] = {{.path = "force", .type = KPID_FIELD_BOOL}};
        struct kpid_fields f;
        rc = kpid_http_fields_body(req, spec, 1, "the request is not valid", &f);
        const char *force = kpid_fields_text(&f, "force");
        c.force = c.force || (force != NULL && force[0] == 't');
        kpid_fields_clear(&f);
        if (rc != KPID_OK)
            return rc;
    }
    return kpid_http_write(req, close_period, &c);
}
