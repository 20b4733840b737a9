/* POST/GET /v1/api-keys and DELETE /v1/api-keys/{id}: keys of the caller's workspace. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/auth.h"
#include "kpid/http/body_decode.h"
#include "kpid/keys/key_cache.h"
#include "kpid/keys/keys.h"
#include "kpid/json/fields.h"
#include "kpid/json/json_out.h"
#include "kpid/http/list.h"
#include "kpid/http/write.h"
#include "kpid/store/api_key.h"

#include <stdio.h>
#include <string.h>

struct new_key {
    char name[101];
    char scopes[40]; /* text[] literal */
};

/* Validates {name, scopes}; appends field errors. */
static void parse_new_key(const json_t *body, struct new_key *k, json_t *errors)
{
    const json_t *name = json_object_get(body, "name");
    const json_t *scopes = json_object_get(body, "scopes");
    if (!json_is_string(name) || json_string_length(name) == 0 || json_string_length(name) > 100)
        kpid_json_error_add(errors, "/name", "required: a string of 1 to 100 characters");
    else
        snprintf(k->name, sizeof k->name, "%s", json_string_value(name));
    if (!json_is_array(scopes) || json_array_size(scopes) == 0 || json_array_size(scopes) > 3) {
        kpid_json_error_add(errors, "/scopes", "required: a list of ingest, read, admin");
        return;
    }
    unsigned seen = 0;
    size_t i;
    json_t *s;
    strcpy(k->scopes, "{");
    json_array_foreach(scopes, i, s)
    {
        unsigned bit = json_is_string(s) ? kpid_scope_parse(json_string_value(s)) : 0;
        if (bit == 0 || (seen & bit)) {
            kpid_json_error_add(errors, "/scopes", "item %zu: %s", i,
                                bit ? "listed twice" : "not one of ingest, read, admin");
            return;
        }
        seen |= bit;
        strcat(k->scopes, i ? "," : "");
        strcat(k->scopes, json_string_value(s));
    }
    strcat(k->scopes, "}");
}

static const char *const allowed_members[] = {"name", "scopes", NULL};

/* Checks a POST body (those members and no other) into the new_key ctx; the error count. */
static size_t parse_body(const json_t *body, void *ctx, json_t *errors)
{
    parse_new_key(body, ctx, errors);
    kpid_json_unknown_members(body, allowed_members, "", errors);
    return json_array_size(errors);
}

static enum kpid_db_status create_key(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                      struct kpid_write_result *out)
{
    const struct new_key *k = ctx;
    json_t *key;
    enum kpid_db_status st = kpid_key_create(db, req->auth.workspace_id, k->name, k->scopes, &key);
    if (st != KPID_DB_OK)
        return st;
    out->status = 201;
    out->body = key;
    out->secret_member = "key"; /* a replay answers without the secret: it is shown once */
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_api_keys_post(struct kpid_request *req)
{
    struct new_key k = {0};
    enum kpid_outcome rc = kpid_http_parse_body(req, parse_body, &k, "the API key is not valid");
    return rc == KPID_OK ? kpid_http_write(req, create_key, &k) : rc;
}

static json_t *key_row(const kpid_result *res, int i)
{
    json_t *key = kpid_key_json(res, i);
    json_object_set_new(key, "last_used_at",
                        kpid_json_timestamp(kpid_result_text(res, i, "last_used_at")));
    json_object_set_new(key, "revoked_at",
                        kpid_json_timestamp(kpid_result_text(res, i, "revoked_at")));
    return key;
}

static const struct kpid_list keys = {kpid_store_api_key_list, key_row, "created_at",
                                      KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_api_keys_get(struct kpid_request *req)
{
    return kpid_list_get(req, &keys);
}

enum kpid_outcome kpid_h_api_keys_delete_id(struct kpid_request *req)
{
    const char *id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(id))
        return kpid_http_problem(req, 404, "not-found", NULL, "no API key %s", id);
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_api_key_revoke(db, req->auth.workspace_id, id, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    int found = kpid_result_rows(res);
    kpid_result_free(res);
    if (found == 0)
        return kpid_http_problem(req, 404, "not-found", NULL, "no API key %s", id);
    kpid_key_cache_drop_key(id);
    return kpid_http_reply_json(req, 204, NULL);
}
