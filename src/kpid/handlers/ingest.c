/* POST /v1/leads and /v1/deals, their batch forms, GET and PATCH of one: each resource's
 * write path (src/kpid/ingest) behind HTTP, in one kpid_http_write transaction with
 * Idempotency-Key handling. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/get_one.h"
#include "kpid/http/write.h"
#include "kpid/ingest/deal_write.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/ingest/shared_write.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Most items in one batch request. */
#define KPID_BATCH_MAX 1000

struct one_ctx {
    const struct kpid_ingest_resource *res;
    struct kpid_ingest_item item;
    const char *id; /* PATCH */
    char location[96];
};

/* The reply for a written item: its row (the write filled it: keep_row), or a 422/404
 * problem. */
static enum kpid_db_status reply_item(struct one_ctx *c, struct kpid_write_result *out)
{
    if (c->item.outcome == KPID_INGEST_INVALID && json_array_size(c->item.errors) > 0) {
        char detail[64];
        snprintf(detail, sizeof detail, "the %s is not valid", c->res->noun);
        out->problem = true;
        out->status = 422;
        out->body = kpid_problem_body(422, "validation", json_deep_copy(c->item.errors), detail);
        return KPID_DB_OK;
    }
    if (c->item.id[0] == '\0') {
        char detail[96];
        snprintf(detail, sizeof detail, "no %s %s", c->res->noun, c->id ? c->id : "");
        out->problem = true;
        out->status = 404;
        out->body = kpid_problem_body(404, "not-found", NULL, detail);
        return KPID_DB_OK;
    }
    out->body = c->item.row;
    c->item.row = NULL;
    if (out->body == NULL)
        return KPID_DB_ERROR; /* written in this very transaction */
    out->status = c->item.outcome == KPID_INGEST_CREATED ? 201 : 200;
    if (out->status == 201) {
        snprintf(c->location, sizeof c->location, "%s/%s", c->res->collection, c->item.id);
        out->location = c->location;
    }
    return KPID_DB_OK;
}

static enum kpid_db_status write_one(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                     struct kpid_write_result *out)
{
    struct one_ctx *c = ctx;
    json_array_clear(c->item.errors);
    json_decref(c->item.row); /* from an attempt that was retried */
    c->item.row = NULL;
    const char *ws = req->auth.workspace_id;
    enum kpid_db_status st = c->id ? kpid_ingest_patch(c->res, db, ws, c->id, &c->item)
                                   : kpid_ingest_write(c->res, db, ws, &c->item, 1);
    return st == KPID_DB_OK ? reply_item(c, out) : st;
}

/* The members of `row` that `sent` names, nested objects member by member. */
static json_t *sent_members(const json_t *row, const json_t *sent)
{
    json_t *out = json_object();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)(uintptr_t)sent, key, value)
    {
        json_t *stored = json_object_get(row, key);
        if (stored == NULL)
            continue;
        if (json_is_object(stored) && json_is_object(value))
            json_object_set_new(out, key, sent_members(stored, value));
        else
            json_object_set(out, key, stored);
    }
    return out;
}

/*
 * What a key without the read scope is shown of a written row: its id and the members this
 * request sent, never stored contact data or attributes it did not write (an ingest key
 * must not read back what it cannot GET).
 */
static json_t *shown_to(struct kpid_request *req, void *ctx, json_t *row)
{
    const struct one_ctx *c = ctx;
    if (req->auth.scopes & (KPID_SCOPE_READ | KPID_SCOPE_ADMIN))
        return row;
    json_t *out = sent_members(row, c->item.input);
    const char *key;
    json_t *value;
    void *tmp;
    /* read-only members sent back (from an earlier GET) were not written */
    json_object_foreach_safe(out, tmp, key, value)
    {
        if (!kpid_ingest_writable(c->res, key))
            json_object_del(out, key);
    }
    json_object_set(out, "id", json_object_get(row, "id"));
    json_decref(row);
    return out;
}

/* The connection of a request that writes its queue's shared transaction. */
static struct kpid_db *writer_db(void *req, enum kpid_db_status *status)
{
    struct kpid_db *db = NULL;
    *status = kpid_http_db_try(req, &db);
    return db;
}

/* A POST without Idempotency-Key: written in the transaction it shares with the concurrent
 * POSTs of its workspace (shared_write.h); by itself when that transaction failed in a way
 * one of their items may have caused. */
static enum kpid_outcome post_shared(struct kpid_request *req, struct one_ctx *c)
{
    /* the connection the key lookup took goes back while the POST may wait in its queue */
    kpid_db_release(req->db);
    req->db = NULL;
    bool alone = false;
    enum kpid_db_status st =
        kpid_ingest_write_shared(c->res, writer_db, req, req->auth.workspace_id, &c->item, &alone);
    if (alone)
        return kpid_http_write_shown(req, write_one, c, shown_to);
    struct kpid_write_result out = {0};
    if (st == KPID_DB_OK)
        st = reply_item(c, &out);
    return kpid_http_write_reply(req, st, &out, shown_to, c);
}

static enum kpid_outcome run_one(struct kpid_request *req, const struct kpid_ingest_resource *res,
                                 json_t *body, const char *id)
{
    struct one_ctx c = {.res = res, .id = id};
    c.item.input = body;
    c.item.errors = json_array();
    c.item.keep_row = true;
    bool shared = id == NULL && kpid_http_header(req, "Idempotency-Key") == NULL;
    enum kpid_outcome rc =
        shared ? post_shared(req, &c) : kpid_http_write_shown(req, write_one, &c, shown_to);
    json_decref(c.item.errors);
    json_decref(c.item.row);
    json_decref(body);
    return rc;
}

/* POST collection: 201 + Location for a new row, 200 for an existing natural key; 422. */
static enum kpid_outcome post(struct kpid_request *req, const struct kpid_ingest_resource *res)
{
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    json_t *errors = json_array();
    if (kpid_ingest_decode(res, body, "", false, NULL, errors) > 0) {
        json_decref(body);
        return kpid_http_problem(req, 422, "validation", errors, "the %s is not valid", res->noun);
    }
    json_decref(errors);
    return run_one(req, res, body, NULL);
}

/* PATCH collection/{id} with a JSON merge patch: 200 with the row, 404, 422. */
static enum kpid_outcome patch(struct kpid_request *req, const struct kpid_ingest_resource *res)
{
    const char *id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(id))
        return kpid_http_problem(req, 404, "not-found", NULL, "no %s %s", res->noun, id);
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_MERGE_PATCH, &body);
    if (rc != KPID_OK)
        return rc;
    return run_one(req, res, body, id);
}

/* --- batches ------------------------------------------------------------------------------ */

struct batch_ctx {
    const struct kpid_ingest_resource *res;
    struct kpid_ingest_item *items;
    size_t n;
};

static const char *outcome_name(enum kpid_ingest_outcome o)
{
    return o == KPID_INGEST_CREATED ? "created" : o == KPID_INGEST_UPDATED ? "updated" : "error";
}

static enum kpid_db_status write_batch(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                       struct kpid_write_result *out)
{
    struct batch_ctx *c = ctx;
    for (size_t i = 0; i < c->n; i++)
        json_array_clear(c->items[i].errors);
    enum kpid_db_status st = kpid_ingest_write(c->res, db, req->auth.workspace_id, c->items, c->n);
    if (st != KPID_DB_OK)
        return st;
    json_t *results = json_array();
    for (size_t i = 0; i < c->n; i++) {
        const struct kpid_ingest_item *it = &c->items[i];
        bool ok = it->outcome != KPID_INGEST_INVALID;
        json_array_append_new(results, json_pack("{s:I,s:o,s:s,s:O}", "index", (json_int_t)i, "id",
                                                 ok ? json_string(it->id) : json_null(), "status",
                                                 outcome_name(it->outcome), "errors", it->errors));
    }
    out->status = 200;
    out->body = json_pack("{s:o}", "items", results);
    return KPID_DB_OK;
}

/* POST collection/batch: {"items":[...]} (at most KPID_BATCH_MAX) -> 200 {"items":[{"index",
 * "id", "status", "errors"}]}; the valid items are written in one transaction. */
static enum kpid_outcome post_batch(struct kpid_request *req,
                                    const struct kpid_ingest_resource *res)
{
    static const char *const members[] = {"items", NULL};
    json_t *body;
    enum kpid_outcome rc = kpid_http_json_body(req, KPID_BODY_JSON, &body);
    if (rc != KPID_OK)
        return rc;
    json_t *errors = json_array();
    const json_t *list = json_object_get(body, "items");
    kpid_json_unknown_members(body, members, "", errors);
    if (!json_is_array(list))
        kpid_json_error_add(errors, "/items", "is required: a list of %ss", res->noun);
    else if (json_array_size(list) > KPID_BATCH_MAX)
        kpid_json_error_add(errors, "/items", "has %zu items; at most %d per batch",
                            json_array_size(list), KPID_BATCH_MAX);
    if (json_array_size(errors) > 0) {
        json_decref(body);
        return kpid_http_problem(req, 422, "validation", errors, "the batch is not valid");
    }
    json_decref(errors);
    struct batch_ctx c = {.res = res, .n = json_array_size(list)};
    c.items = calloc(c.n ? c.n : 1, sizeof *c.items);
    if (c.items == NULL) {
        json_decref(body);
        return kpid_http_problem(req, 500, "internal", NULL, "out of memory");
    }
    for (size_t i = 0; i < c.n; i++) {
        c.items[i].input = json_array_get(list, i);
        snprintf(c.items[i].prefix, sizeof c.items[i].prefix, "/items/%zu", i);
        c.items[i].errors = json_array();
    }
    rc = kpid_http_write(req, write_batch, &c);
    for (size_t i = 0; i < c.n; i++)
        json_decref(c.items[i].errors);
    free(c.items);
    json_decref(body);
    return rc;
}

/* --- the endpoints ------------------------------------------------------------------------ */

static enum kpid_db_status fetch_lead(struct kpid_db *db, const char *workspace_id, const char *id,
                                      json_t **out)
{
    return kpid_ingest_fetch(&kpid_lead_resource, db, workspace_id, id, out);
}

static enum kpid_db_status fetch_deal(struct kpid_db *db, const char *workspace_id, const char *id,
                                      json_t **out)
{
    return kpid_ingest_fetch(&kpid_deal_resource, db, workspace_id, id, out);
}

enum kpid_outcome kpid_h_leads_post(struct kpid_request *req)
{
    return post(req, &kpid_lead_resource);
}

enum kpid_outcome kpid_h_leads_batch_post(struct kpid_request *req)
{
    return post_batch(req, &kpid_lead_resource);
}

enum kpid_outcome kpid_h_leads_get_id(struct kpid_request *req)
{
    return kpid_http_get_one(req, "lead", kpid_is_uuid, fetch_lead);
}

enum kpid_outcome kpid_h_leads_patch_id(struct kpid_request *req)
{
    return patch(req, &kpid_lead_resource);
}

enum kpid_outcome kpid_h_deals_post(struct kpid_request *req)
{
    return post(req, &kpid_deal_resource);
}

enum kpid_outcome kpid_h_deals_batch_post(struct kpid_request *req)
{
    return post_batch(req, &kpid_deal_resource);
}

enum kpid_outcome kpid_h_deals_get_id(struct kpid_request *req)
{
    return kpid_http_get_one(req, "deal", kpid_is_uuid, fetch_deal);
}

enum kpid_outcome kpid_h_deals_patch_id(struct kpid_request *req)
{
    return patch(req, &kpid_deal_resource);
}
