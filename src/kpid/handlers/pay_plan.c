/* PUT /v1/people/{code}/pay-plan adds a pay plan version; GET lists every version. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/kpi_reply.h"
#include "kpid/http/body_decode.h"
#include "kpid/http/get_one.h"
#include "kpid/http/write.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/people/pay_plan_input.h"
#include "kpid/store/pay_plan.h"
#include "kpid/store/person.h"
#include "kpid/store/scorecard.h"

struct plan_write {
    struct kpid_pay_plan_input in;
    const char *person;
};

static size_t parse_plan(const json_t *body, void *ctx, json_t *errors)
{
    struct plan_write *w = ctx;
    return kpid_pay_plan_input_parse(body, &w->in, errors);
}

static enum kpid_db_status add_version(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                       struct kpid_write_result *out)
{
    struct plan_write *w = ctx;
    const char *ws = req->auth.workspace_id;
    struct kpid_store_pay_plan row = kpid_pay_plan_input_row(&w->in, w->person);
    enum kpid_db_status st;
    kpid_result *res = kpid_store_scorecard_get(db, ws, row.scorecard, &st);
    if (res == NULL)
        return st;
    bool known = kpid_result_rows(res) == 1;
    kpid_result_free(res);
    if (!known) {
        json_t *errors = json_array();
        kpid_json_error_add(errors, "/scorecard", "no scorecard %s", row.scorecard);
        out->status = 422;
        out->problem = true;
        out->body = kpid_problem_body(422, "validation", errors, "the pay plan is not valid");
        return KPID_DB_OK;
    }
    if ((res = kpid_store_pay_plan_insert(db, ws, &row, &st)) == NULL)
        return st;
    if (kpid_result_rows(res) == 1) {
        out->status = 201;
        out->body = kpid_json_parse(kpid_result_text(res, 0, "doc"));
    } else {
        kpid_write_problem(out, 404, "not-found", "no person %s", w->person);
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_pay_plan_put(struct kpid_request *req)
{
    struct plan_write w = {.person = kpid_http_param(req, 0)};
    if (!kpid_is_code(w.person))
        return kpid_http_problem(req, 404, "not-found", NULL, "no person %s", w.person);
    enum kpid_outcome rc = kpid_http_parse_body(req, parse_plan, &w, "the pay plan is not valid");
    if (rc == KPID_OK)
        rc = kpid_http_write(req, add_version, &w);
    kpid_pay_plan_input_clear(&w.in);
    return rc;
}

/* {"person", "items": every version, oldest first}, or NULL when there is no such person. */
static enum kpid_db_status versions(struct kpid_db *db, const char *ws, const char *person,
                                    json_t **out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_person_get(db, ws, person, &st);
    *out = NULL;
    if (res == NULL)
        return st;
    bool known = kpid_result_rows(res) == 1;
    kpid_result_free(res);
    if (!known || (res = kpid_store_pay_plan_list(db, ws, person, &st)) == NULL)
        return known ? st : KPID_DB_OK;
    json_t *items = json_array();
    for (int i = 0; i < kpid_result_rows(res); i++)
        json_array_append_new(items, kpid_json_parse(kpid_result_text(res, i, "doc")));
    kpid_result_free(res);
    *out = json_pack("{s:s,s:o}", "person", person, "items", items);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_pay_plan_get(struct kpid_request *req)
{
    return kpid_http_get_one(req, "person", kpid_is_code, versions);
}
