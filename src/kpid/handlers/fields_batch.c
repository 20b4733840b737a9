/* Batches of field-table items (spend entries, channel records) written in one transaction. */
#include "kpid/handlers/fields_batch.h"

#include "kpid/http/write.h"
#include "kpid/json/errors.h"

#include <stdio.h>
#include <stdlib.h>

/* A batch: every item decoded up front; items[i] has errors or decoded fields. */
struct batch {
    const struct kpid_fields_batch *kind;
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
        enum kpid_db_status st =
            b->kind->upsert(db, req->auth.workspace_id, &b->fields[i], &row, &created);
        if (st != KPID_DB_OK)
            return st;
        json_object_set(result, "id", json_object_get(row, "id"));
        json_object_set_new(result, "status", json_string(created ? "created" : "updated"));
        json_object_set_new(result, "errors", json_array());
        json_decref(row);
    }
    return KPID_DB_OK;
}

/* Decodes item i of `items` into b->fields[i] / b->errors[i]. */
static void decode_item(struct batch *b, const json_t *items, size_t i)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "/items/%zu", i);
    b->errors[i] = json_array();
    const json_t *item = json_array_get(items, i);
    if (!json_is_object(item)) {
        kpid_json_error_add(b->errors[i], prefix, "must be an object");
        return;
    }
    if (kpid_fields_decode(b->kind->spec, b->kind->n_spec, item, prefix, false, &b->fields[i],
                           b->errors[i]) == 0 &&
        b->kind->check != NULL)
        b->kind->check(&b->fields[i], prefix, b->errors[i]);
}

static const char *const batch_members[] = {"items", NULL};

enum kpid_outcome kpid_fields_batch_post(struct kpid_request *req,
                                         const struct kpid_fields_batch *kind)
{
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    json_t *items = json_object_get(body, "items");
    json_t *errors = json_array();
    kpid_json_unknown_members(body, batch_members, "", errors);
    if (!json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > KPID_FIELDS_BATCH_MAX)
        kpid_json_error_add(errors, "/items", "required: a list of 1 to %d %s",
                            KPID_FIELDS_BATCH_MAX, kind->plural);
    if (json_array_size(errors) > 0) {
        json_decref(body);
        return kpid_http_problem(req, 422, "validation", errors, "the batch is not valid");
    }
    json_decref(errors);
    struct batch b = {.kind = kind, .n = json_array_size(items)};
    b.fields = calloc(b.n, sizeof *b.fields);
    b.errors = calloc(b.n, sizeof *b.errors);
    rc = KPID_SYSERR;
    if (b.fields != NULL && b.errors != NULL) {
        for (size_t i = 0; i < b.n; i++)
            decode_item(&b, items, i);
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
