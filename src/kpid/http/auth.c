/* Checks the bearer key of a request: hash it, look it up (or find it in the key cache), confine the request to its
 * workspace and scopes. */
#include "kpid/http/auth.h"
#include "kpid/enums.h"

#include "kpid/http/limits.h"
#include "kpid/keys/key_cache.h"
#include "kpid/keys/keys.h"
#include "kpid/limits/rate.h"
#include "kpid/store/api_key.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

unsigned kpid_scope_parse(const char *name)
{
    /* kpid_scopes lists the names in KPID_SCOPE_* bit order */
    for (unsigned i = 0; kpid_scopes[i] != NULL; i++)
        if (strcmp(name, kpid_scopes[i]) == 0)
            return 1u << i;
    return 0;
}

static unsigned scopes_from_array(const char *pg_array)
{
    /* a text[] literal such as {ingest,read} */
    unsigned bits = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", pg_array);
    for (char *save = NULL, *tok = strtok_r(buf, "{},", &save); tok != NULL;
         tok = strtok_r(NULL, "{},", &save))
        bits |= kpid_scope_parse(tok);
    if (bits & KPID_SCOPE_ADMIN)
        bits |= KPID_SCOPE_INGEST | KPID_SCOPE_READ;
    return bits;
}

static enum kpid_outcome unauthorized(struct kpid_request *req, const char *detail)
{
    kpid_http_add_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"kpid\"");
    return kpid_http_problem(req, 401, "unauthorized", NULL, "%s", detail);
}

/* Fills req->auth from the key's row (401 when no live key has this hash). */
static enum kpid_outcome look_up(struct kpid_request *req, struct kpid_db *db, const char *hash)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_api_key_find(db, hash, &st);
    if (res == NULL)
        return kpid_http_db_failed(req, st);
    if (kpid_result_rows(res) != 1) {
        kpid_result_free(res);
        return unauthorized(req, "the API key is not valid");
    }
    snprintf(req->auth.key_id, sizeof req->auth.key_id, "%s", kpid_result_text(res, 0, "id"));
    snprintf(req->auth.workspace_id, sizeof req->auth.workspace_id, "%s",
             kpid_result_text(res, 0, "workspace_id"));
    req->auth.scopes = scopes_from_array(kpid_result_text(res, 0, "scopes"));
    kpid_limits_from_row(&req->auth.limits, res, 0);
    kpid_result_free(res);
    return KPID_OK;
}

enum kpid_outcome kpid_auth_check(struct kpid_request *req, enum kpid_scope scope)
{
    if (scope == KPID_SCOPE_NONE)
        return KPID_OK;
    const char *header = kpid_http_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
    if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
        return unauthorized(req, "an API key is required: Authorization: Bearer <key>");
    const char *key = header + 7;
    while (*key == ' ')
        key++;
    if (strlen(key) != KPID_KEY_LEN || strncmp(key, "kpid_", 5) != 0)
        return unauthorized(req, "the API key is not valid");

    char hash[65];
    kpid_key_hash(key, hash);
    uint64_t rate_key = kpid_rate_key(hash);
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_limits_admit_key(req, rate_key)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    uint64_t now = kpid_http_now_ns(), generation = 0;
    if (!kpid_key_cache_get(hash, now, &req->auth, &generation)) {
        if ((rc = look_up(req, db, hash)) != KPID_OK)
            return rc;
        kpid_key_cache_put(hash, now, &req->auth, generation);
    }
    if ((rc = kpid_limits_admit_workspace(req, rate_key)) != KPID_OK)
        return rc;
    return kpid_http_require_scope(req, scope);
}

enum kpid_outcome kpid_http_require_scope(struct kpid_request *req, enum kpid_scope scope)
{
    if ((req->auth.scopes & (unsigned)scope) == (unsigned)scope)
        return KPID_OK;
    static const char *const names[] = {"", "ingest", "read", "", "admin"};
    return kpid_http_problem(req, 403, "forbidden", NULL, "this API key lacks the '%s' scope",
                             names[scope]);
}
