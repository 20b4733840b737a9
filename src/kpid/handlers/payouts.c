/* GET /v1/periods/{id}/payouts and GET /v1/people/{code}/payouts: payout statements as JSON,
 * or as CSV with one row per person for payroll import. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/results_http.h"
#include "kpid/http/csv.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/people/payouts.h"
#include "kpid/store/person.h"

#define PERSON_PERIODS_MAX 36

/* One CSV row per statement: its lines without the lists (months, items, KPIs, warnings). */
static json_t *csv_rows(const json_t *payouts)
{
    static const char *const lists[] = {"months", "items", "provisional_kpis", "warnings"};
    json_t *rows = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(payouts, i, s)
    {
        json_t *row = json_copy(s);
        for (size_t j = 0; j < sizeof lists / sizeof lists[0]; j++)
            json_object_del(row, lists[j]);
        json_array_append_new(rows, row);
    }
    return rows;
}

/* A period's statements, one per person paid: more than the workspace's max_result_rows
 * are refused like a results reply of as many rows. */
static enum kpid_db_status period_answer(struct kpid_db *db, struct kpid_period_answer *a)
{
    struct kpid_payouts_answer p;
    enum kpid_db_status st =
        kpid_payouts_answer(db, a->workspace_id, &a->period, NULL, a->p.live, &p);
    if (st == KPID_DB_OK && a->max_rows > 0 && (long)json_array_size(p.payouts) > a->max_rows)
        st = KPID_DB_ABORT;
    if (st == KPID_DB_OK) {
        a->body = json_incref(p.head);
        json_object_set(a->body, "payouts", p.payouts);
        if (p.restatement != NULL)
            json_object_set(a->body, "restatement", p.restatement);
        a->rows = csv_rows(p.payouts);
    }
    kpid_payouts_answer_clear(&p);
    return st;
}

enum kpid_outcome kpid_h_period_payouts_get(struct kpid_request *req)
{
    return kpid_results_period_get(req, KPID_RP_LIVE, period_answer);
}

struct person_payouts {
    const char *workspace_id, *person;
    kpi_period periods[PERSON_PERIODS_MAX];
    size_t n;
    bool known;
    json_t *payouts;
};

/* Every statement of the person in the range: frozen for closed periods, else live. */
static enum kpid_db_status person_answer(struct kpid_db *db, void *ctx)
{
    struct person_payouts *pp = ctx;
    enum kpid_db_status st;
    json_decref(pp->payouts);
    pp->payouts = NULL;
    kpid_result *res = kpid_store_person_get(db, pp->workspace_id, pp->person, &st);
    if (res == NULL)
        return st;
    pp->known = kpid_result_rows(res) == 1;
    kpid_result_free(res);
    pp->payouts = json_array();
    for (size_t i = 0; pp->known && i < pp->n; i++) {
        struct kpid_payouts_answer a;
        st = kpid_payouts_answer(db, pp->workspace_id, &pp->periods[i], pp->person, false, &a);
        if (st == KPID_DB_OK)
            json_array_extend(pp->payouts, a.payouts);
        kpid_payouts_answer_clear(&a);
        if (st != KPID_DB_OK)
            return st;
    }
    return KPID_DB_OK;
}

/* ?from= and ?to=: two months or two quarters, from <= to, at most 36 periods. */
static enum kpid_outcome read_range(struct kpid_request *req, struct person_payouts *pp)
{
    const char *from = kpid_http_query(req, "from"), *to = kpid_http_query(req, "to");
    kpi_period a, b;
    if (from == NULL || kpi_period_parse(from, &a, NULL) != KPI_OK || a.kind == KPI_PERIOD_YEAR)
        return kpid_http_invalid_field(req, "/from", "a month (2025-01) or quarter (2025-Q1)");
    if (to == NULL || kpi_period_parse(to, &b, NULL) != KPI_OK || b.kind != a.kind)
        return kpid_http_invalid_field(req, "/to", "a period of the same kind as from");
    if (kpi_period_range(&a, &b, pp->periods, PERSON_PERIODS_MAX, &pp->n, NULL) != KPI_OK)
        return kpid_http_invalid_field(req, "/to", "not before from, at most 36 periods after");
    return KPID_OK;
}

enum kpid_outcome kpid_h_person_payouts_get(struct kpid_request *req)
{
    struct person_payouts pp = {.workspace_id = req->auth.workspace_id,
                                .person = kpid_http_param(req, 0)};
    enum kpid_reply_format format;
    struct kpid_db *db;
    enum kpid_outcome rc;
    if (!kpid_is_code(pp.person))
        return kpid_http_problem(req, 404, "not-found", NULL, "no person %s", pp.person);
    if ((rc = read_range(req, &pp)) != KPID_OK ||
        (rc = kpid_http_negotiate_csv(req, &format)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    enum kpid_db_status st = kpid_results_read(db, person_answer, &pp);
    if (st != KPID_DB_OK) {
        json_decref(pp.payouts);
        return kpid_http_db_failed(req, st);
    }
    if (!pp.known) {
        json_decref(pp.payouts);
        return kpid_http_problem(req, 404, "not-found", NULL, "no person %s", pp.person);
    }
    json_t *body =
        json_pack("{s:s,s:s,s:s,s:O}", "person", pp.person, "from", kpid_http_query(req, "from"),
                  "to", kpid_http_query(req, "to"), "payouts", pp.payouts);
    json_t *rows = csv_rows(pp.payouts);
    json_decref(pp.payouts);
    return kpid_results_reply(req, format, body, rows);
}
