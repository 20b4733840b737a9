/* POST /v1/spend and POST /v1/spend/batch: marketing spend, created or updated on its natural
 * key (channel, date, campaign). */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/spend_json.h"

#include "kpid/http/body_decode.h"
#include "kpid/http/write.h"
#include "kpid/store/spend.h"

#include <stdio.h>
#include <stdlib.h>

#define BATCH_MAX 1000

static const struct kpid_field spend_spec[] = {
    {.path = "channel", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_REQUIRED, .max_len = 200},
    {.path = "date", .type = KPID_FIELD_DATE, .flags = KPID_FIELD_REQUIRED},
    {.path = "amount", .type = KPID_FIELD_MONEY, .flags = KPID_FIELD_REQUIRED, .max = 1e13},
    {.path = "campaign", .type = KPID_FIELD_STRING, .max_len = 200},
    {.path = "note", .type = KPID_FIELD_STRING, .max_len = 1000},
    /* the representation's read-only members, so a GET item can be posted back */
    {.path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "ingested_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
    {.path = "updated_at", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY},
};
#define N_SPEC (sizeof spend_spec / sizeof spend_spec[0])

/* Upserts one decoded item; on KPID_DB_OK *row is its representation and *created tells
 * whether it is new. */
static enum kpid_db_status upsert(struct kpid_db *db, const char *workspace_id,
                                  const struct kpid_fields *f, json_t **row, bool *created)
{
    const struct kpid_spend_entry entry = {
        .channel = kpid_fields_text(f, "channel"),
        .date = kpid_fields_text(f, "date"),
        .campaign = kpid_fields_text(f, "campaign"),
        .amount = kpid_fields_text(f, "amount"),
        .note = kpid_fields_text(f, "note"),
    };
    enum kpid_db_status st;
    kpid_result *res = kpid_store_spend_upsert(db, workspace_id, &entry, &st);
    if (res == NULL)
        return st;
    *row = kpid_spend_json(res, 0);
    *created = kpid_result_bool(res, 0, "created");
    kpid_result_free(res);
    return KPID_DB_OK;
}

static enum kpid_db_status write_one(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    bool created;
    enum kpid_db_status st = upsert(db, req->auth.workspace_id, ctx, &out->body, &created);
    out->status = created ? 201 : 200;
    return st;
}

enum kpid_outcome kpid_h_spend_post(struct kpid_request *req)
{
    struct kpid_fields f;
    enum kpid_outcome rc =
        kpid_http_fields_body(req, spend_spec, N_SPEC, "the spend entry is not valid", &f);
    if (rc == KPID_OK)
        rc = kpid_http_write(req, write_one, &f);
    kpid_fields_clear(&f);
    return rc;
}

/* A batch: every item decoded up front; items[i] has errors or decoded fields. */
struct batch {
    size_t n;
    struct kpid_fields *fields;
    json_t **errors; /* per item: an array, empty when the item is valid */
};

static enum kpid_db_status write_batch(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                       struct kpid_write_result *out)
{
    const struct batch *b = ctx;
    json_t *results = json_array();
    out->status = 200;
    out->body = json_pack("{s:o}", "items", results);
    for (size_t i = 0; i < b->n; i++) {
        json_t *result = json_pack("{s:I}", "index", (json_int_t)i);
        json_array_append_new(results, result);
        if (json_array_size(b->errors[i]) > 0) {
            json_object_set_new(result, "id", json_null());
            json_object_set_new(result, "status", json_string("error"));
            json_object_set(result, "errors", b->errors[i]);
            continue;
        }
        json_t *row;
        bool created;
        enum kpid_db_status st = upsert(db, req->auth.workspace_id, &b->fields[i], &row, &created);
        if (st != KPID_DB_OK)
            return st;
        json_object_set(result, "id", json_object_get(row, "id"));
        json_object_set_new(result, "status", json_string(created ? "created" : "updated"));
        json_object_set_new(result, "errors", json_array());
        json_decref(row);
    }
    return KPID_DB_OK;
}

static const char *const batch_members[] = {"items", NULL};

enum kpid_outcome kpid_h_spend_batch_post(struct kpid_request *req)
{
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    json_t *items = json_object_get(body, "items");
    json_t *errors = json_array();
    kpid_json_unknown_members(body, batch_members, "", errors);
    if (!json_is_array(items) || json_array_size(items) == 0 || json_array_size(items) > BATCH_MAX)
        kpid_json_error_add(errors, "/items", "required: a list of 1 to %d spend entries",
                            BATCH_MAX);
    if (json_array_size(errors) > 0) {
        json_decref(body);
        return kpid_http_problem(req, 422, "validation", errors, "the batch is not valid");
    }
    json_decref(errors);
    struct batch b = {.n = json_array_size(items)};
    b.fields = calloc(b.n, sizeof *b.fields);
    b.errors = calloc(b.n, sizeof *b.errors);
    rc = KPID_SYSERR;
    if (b.fields != NULL && b.errors != NULL) {
        for (size_t i = 0; i < b.n; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "/items/%zu", i);
            b.errors[i] = json_array();
            json_t *item = json_array_get(items, i);
            if (json_is_object(item))
                kpid_fields_decode(spend_spec, N_SPEC, item, prefix, false, &b.fields[i],
                                   b.errors[i]);
            else
                kpid_json_error_add(b.errors[i], prefix, "must be an object");
        }
        rc = kpid_http_write(req, write_batch, &b);
        for (size_t i = 0; i < b.n; i++) {
            kpid_fields_clear(&b.fields[i]);
            json_decref(b.errors[i]);
        }
    }
    free(b.fields);
    free(b.errors);
    json_decref(body);
    return rc;
}
