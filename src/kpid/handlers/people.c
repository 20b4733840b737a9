/* POST/GET /v1/people and GET/PUT/DELETE /v1/people/{code}: the people paid by scorecards. */
#include "kpid/handlers/handlers.h"

#include "kpid/handlers/kpi_reply.h"
#include "kpid/http/body_decode.h"
#include "kpid/http/get_one.h"
#include "kpid/http/paging.h"
#include "kpid/http/write.h"
#include "kpid/json/json_out.h"
#include "kpid/kpis/kpi_input.h"
#include "kpid/store/period_payout.h"
#include "kpid/store/person.h"

#include <stdio.h>
#include <string.h>

static const struct kpid_field person_spec[] = {
    {.path = "code", .type = KPID_FIELD_STRING, .max_len = 64},
    {.path = "name", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 200},
    {.path = "department", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 100},
    {.path = "hired_on", .type = KPID_FIELD_DATE, .flags = KPID_FIELD_REQUIRED},
    {.path = "left_on", .type = KPID_FIELD_DATE},
    {.path = "created_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_TIMESTAMP, .flags = KPID_FIELD_READONLY},
};
enum { F_CODE, F_NAME, F_DEPARTMENT, F_HIRED_ON, F_LEFT_ON, N_SPEC };

struct person_write {
    struct kpid_fields f;
    const char *path_code; /* PUT: create or replace this code; POST (NULL): create only */
    char location[96];
};

/* The stored person `code` as its document, or NULL. */
static enum kpid_db_status fetch_person(struct kpid_db *db, const char *workspace_id,
                                        const char *code, json_t **out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_person_get(db, workspace_id, code, &st);
    *out = NULL;
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 1)
        *out = kpid_json_parse(kpid_result_text(res, 0, "doc"));
    kpid_result_free(res);
    return KPID_DB_OK;
}

static size_t parse_person(const json_t *body, void *ctx, json_t *errors)
{
    struct person_write *w = ctx;
    size_t before = json_array_size(errors);
    kpid_fields_decode(person_spec, N_SPEC, body, "", false, &w->f, errors);
    const char *code = w->f.text[F_CODE];
    if (w->path_code != NULL && code != NULL && strcmp(code, w->path_code) != 0)
        kpid_json_error_add(errors, "/code", "must match the code in the path");
    else if (w->path_code == NULL && (code == NULL || !kpid_is_code(code)))
        kpid_json_error_add(errors, "/code", "must be 1 to 64 characters of a-z, 0-9 and _");
    const char *hired = w->f.text[F_HIRED_ON], *left = w->f.text[F_LEFT_ON];
    if (hired != NULL && left != NULL && strcmp(left, hired) < 0)
        kpid_json_error_add(errors, "/left_on", "must not be before hired_on");
    return json_array_size(errors) - before;
}

static enum kpid_db_status save_person(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                       struct kpid_write_result *out)
{
    struct person_write *w = ctx;
    const char *ws = req->auth.workspace_id;
    const char *code = w->path_code ? w->path_code : w->f.text[F_CODE];
    const struct kpid_store_person row = {code, w->f.text[F_NAME], w->f.text[F_DEPARTMENT],
                                          w->f.text[F_HIRED_ON], w->f.text[F_LEFT_ON]};
    bool created;
    enum kpid_db_status st = kpid_store_person_save(db, ws, &row, w->path_code != NULL, &created);
    if (st != KPID_DB_OK)
        return st;
    if (w->path_code == NULL && !created) {
        kpid_write_problem(out, 409, "conflict", "a person with code %s exists", code);
        return KPID_DB_OK;
    }
    if ((st = fetch_person(db, ws, code, &out->body)) != KPID_DB_OK)
        return st;
    out->status = created ? 201 : 200;
    out->location = created ? w->location : NULL;
    return out->body ? KPID_DB_OK : KPID_DB_ERROR; /* written in this very transaction */
}

static enum kpid_outcome write_person(struct kpid_request *req, const char *path_code)
{
    struct person_write w = {.path_code = path_code};
    enum kpid_outcome rc = kpid_http_parse_body(req, parse_person, &w, "the person is not valid");
    if (rc == KPID_OK) {
        snprintf(w.location, sizeof w.location, "/v1/people/%s",
                 path_code ? path_code : w.f.text[F_CODE]);
        rc = kpid_http_write(req, save_person, &w);
    }
    kpid_fields_clear(&w.f);
    return rc;
}

enum kpid_outcome kpid_h_people_post(struct kpid_request *req)
{
    return write_person(req, NULL);
}

enum kpid_outcome kpid_h_people_put_code(struct kpid_request *req)
{
    const char *code;
    enum kpid_outcome rc = kpid_path_code(req, &code);
    return rc == KPID_OK ? write_person(req, code) : rc;
}

enum kpid_outcome kpid_h_people_get_code(struct kpid_request *req)
{
    return kpid_http_get_one(req, "person", kpid_is_code, fetch_person);
}

struct people_filter {
    const char *department, *after_code, *limit;
};

static enum kpid_db_status people_items(struct kpid_db *db, const char *workspace_id,
                                        const void *ctx, json_t *items)
{
    const struct people_filter *f = ctx;
    enum kpid_db_status st;
    kpid_result *res =
        kpid_store_person_list(db, workspace_id, f->department, f->after_code, f->limit, &st);
    if (res == NULL)
        return st;
    for (int i = 0; i < kpid_result_rows(res); i++)
        json_array_append_new(items, kpid_json_parse(kpid_result_text(res, i, "doc")));
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_people_get(struct kpid_request *req)
{
    struct kpid_page page;
    enum kpid_outcome rc = kpid_http_page(req, &page);
    if (rc != KPID_OK)
        return rc;
    struct people_filter filter = {kpid_http_query(req, "department"), kpid_page_after(&page, 0),
                                   page.limit_plus_one};
    return kpid_code_list_reply(req, &page, people_items, &filter);
}

/* A person with a statement frozen in a closed period stays: payroll was paid on it. */
static enum kpid_db_status delete_person(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                         struct kpid_write_result *out)
{
    const char *code = ctx, *ws = req->auth.workspace_id;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_period_payout_closed_find(db, ws, code, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) > 0) {
        kpid_write_problem(out, 409, "conflict",
                           "%s has a payout in closed period %s; set left_on instead", code,
                           kpid_result_text(res, 0, "period_id"));
        kpid_result_free(res);
        return KPID_DB_OK;
    }
    kpid_result_free(res);
    bool found;
    if ((st = kpid_store_person_delete(db, ws, code, &found)) != KPID_DB_OK)
        return st;
    if (!found)
        kpid_write_problem(out, 404, "not-found", "no person %s", code);
    else
        out->status = 204;
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_people_delete_code(struct kpid_request *req)
{
    return kpid_http_write_one(req, "person", kpid_is_code, delete_person);
}
