/* One write transaction per request, with the Idempotency-Key protocol wrapped around it. */
#include "kpid/http/write.h"

#include "kpid/http/router.h"
#include "kpid/json/json_dump.h"
#include "kpid/store/audit.h"
#include "kpid/store/idempotency.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct write_tx {
    struct kpid_request *req;
    kpid_write_fn fn;
    void *ctx;
    kpid_write_shown_fn shown; /* NULL: bodies are sent as written */
    const char *idem_key;      /* NULL without the header */
    char fingerprint[65];
    struct kpid_write_result result;
    /* a replay found in the store */
    bool replay;
    bool mismatch;
    unsigned replay_status;
    char *replay_body;
    json_t *replay_headers; /* header name -> value, as stored with the response */
};

/* The response headers a replay repeats, because clients act on them. */
static const char *const replayed_headers[] = {
    MHD_HTTP_HEADER_LOCATION, MHD_HTTP_HEADER_CONTENT_TYPE, MHD_HTTP_HEADER_RETRY_AFTER};

static void fingerprint(const struct kpid_request *req, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    EVP_DigestUpdate(md, req->method, strlen(req->method) + 1);
    EVP_DigestUpdate(md, req->path, strlen(req->path) + 1);
    if (req->body_len > 0)
        EVP_DigestUpdate(md, req->body, req->body_len);
    EVP_DigestFinal_ex(md, digest, &len);
    EVP_MD_CTX_free(md);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/*
 * Claims the key inside the transaction. A concurrent request holding the same key makes
 * the INSERT wait until that one commits (then we replay it) or rolls back (then we own it).
 * Returns KPID_DB_OK when this request owns the key; sets tx->replay or tx->mismatch and
 * returns KPID_DB_ABORT when the stored response answers it.
 */
static enum kpid_db_status claim_key(struct kpid_db *db, struct write_tx *tx)
{
    const char *ws = tx->req->auth.workspace_id;
    enum kpid_db_status st;
    for (int attempt = 0; attempt < 2; attempt++) {
        bool claimed;
        st = kpid_store_idempotency_claim(db, ws, tx->idem_key, tx->fingerprint, &claimed);
        if (st != KPID_DB_OK || claimed)
            return st;
        kpid_result *res = kpid_store_idempotency_get(db, ws, tx->idem_key, &st);
        if (res == NULL)
            return st;
        if (kpid_result_rows(res) == 0 || kpid_result_bool(res, 0, "expired")) {
            /* expired (or removed meanwhile): forget it and claim it afresh */
            kpid_result_free(res);
            if ((st = kpid_store_idempotency_delete(db, ws, tx->idem_key)) != KPID_DB_OK)
                return st;
            continue;
        }
        if (strcmp(kpid_result_text(res, 0, "fingerprint"), tx->fingerprint) != 0) {
            tx->mismatch = true;
        } else {
            tx->replay = true;
            tx->replay_status = (unsigned)atoi(kpid_result_text(res, 0, "status"));
            tx->replay_body = strdup(kpid_result_text(res, 0, "response"));
            const char *headers = kpid_result_text(res, 0, "headers");
            tx->replay_headers = headers ? json_loads(headers, 0, NULL) : NULL;
        }
        kpid_result_free(res);
        return KPID_DB_ABORT;
    }
    return KPID_DB_RETRY;
}

/* The value the first reply will carry for header `name`, or NULL. */
static const char *first_reply_header(const struct write_tx *tx, const char *name)
{
    if (strcmp(name, MHD_HTTP_HEADER_LOCATION) == 0)
        return tx->result.location;
    if (strcmp(name, MHD_HTTP_HEADER_CONTENT_TYPE) == 0)
        return tx->result.body ? kpid_http_json_type(tx->result.status) : NULL;
    for (size_t i = 0; i < tx->req->n_extra_headers; i++)
        if (strcasecmp(tx->req->extra_headers[i].name, name) == 0)
            return tx->req->extra_headers[i].value;
    return NULL;
}

/* The replayed headers of the first reply, as JSON object text to store (free it). */
static char *headers_text(const struct write_tx *tx)
{
    json_t *headers = json_object();
    for (size_t i = 0; i < sizeof replayed_headers / sizeof replayed_headers[0]; i++) {
        const char *value = first_reply_header(tx, replayed_headers[i]);
        if (value != NULL)
            json_object_set_new(headers, replayed_headers[i], json_string(value));
    }
    char *text = kpid_json_dumps(headers);
    json_decref(headers);
    return text;
}

static enum kpid_db_status store_response(struct kpid_db *db, struct write_tx *tx)
{
    json_t *stored = tx->result.body ? json_deep_copy(tx->result.body) : NULL;
    if (stored != NULL && tx->result.secret_member != NULL)
        json_object_del(stored, tx->result.secret_member);
    char *text = stored ? kpid_json_dumps(stored) : strdup("");
    json_decref(stored);
    char *headers = headers_text(tx);
    enum kpid_db_status st = KPID_DB_ERROR;
    if (text != NULL && headers != NULL)
        st = kpid_store_idempotency_store(db, tx->req->auth.workspace_id, tx->idem_key,
                                          tx->result.status, text, headers);
    free(text);
    free(headers);
    return st;
}

static enum kpid_db_status run_write(struct kpid_db *db, void *arg)
{
    struct write_tx *tx = arg;
    json_decref(tx->result.body);
    memset(&tx->result, 0, sizeof tx->result);
    /* the audit triggers record every change of this transaction under the caller's key; the
     * audited definitions (KPIs, targets, facts, scorecards, people, pay, settings, periods)
     * change only through admin routes, so ingest writes spare the round trip */
    enum kpid_db_status st = KPID_DB_OK;
    const char *key_id = tx->req->auth.key_id;
    if (tx->req->route->scope == KPID_SCOPE_ADMIN)
        st = kpid_store_audit_actor_set(db, key_id[0] ? key_id : NULL);
    if (st == KPID_DB_OK && tx->idem_key != NULL)
        st = claim_key(db, tx);
    if (st != KPID_DB_OK)
        return st;
    st = tx->fn(db, tx->req, tx->ctx, &tx->result);
    if (st != KPID_DB_OK)
        return st;
    if (tx->result.problem)
        return KPID_DB_ABORT;
    if (tx->idem_key != NULL)
        return store_response(db, tx);
    return KPID_DB_OK;
}

static bool idempotency_key_ok(const char *key)
{
    size_t n = strlen(key);
    if (n == 0 || n > 255)
        return false;
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x21 || key[i] > 0x7e)
            return false;
    return true;
}

/* The body this caller is shown: through `shown` for a success (takes body). */
static json_t *shown_body(kpid_write_shown_fn shown, struct kpid_request *req, void *ctx,
                          unsigned status, json_t *body)
{
    if (shown == NULL || status >= 300 || body == NULL)
        return body;
    return shown(req, ctx, body);
}

/* Replies with the stored response: its status, body and headers (takes the body). */
static enum kpid_outcome replay(struct kpid_request *req, struct write_tx *tx)
{
    kpid_http_add_header(req, "Idempotency-Replayed", "true");
    const char *type = json_string_value(json_object_get(tx->replay_headers, "Content-Type"));
    if (json_object_size(tx->replay_headers) == 0)
        type = "application/json"; /* stored before headers were: always JSON then */
    for (size_t i = 0; i < sizeof replayed_headers / sizeof replayed_headers[0]; i++) {
        const char *name = replayed_headers[i];
        json_t *value = json_object_get(tx->replay_headers, name);
        if (json_is_string(value) && strcmp(name, MHD_HTTP_HEADER_CONTENT_TYPE) != 0)
            kpid_http_add_header(req, name, json_string_value(value));
    }
    char *body = tx->replay_body;
    tx->replay_body = NULL;
    json_t *stored = tx->shown ? json_loads(body, 0, NULL) : NULL;
    if (stored == NULL)
        return kpid_http_reply_buffer(req, tx->replay_status, type, body, strlen(body));
    free(body);
    json_t *shown = shown_body(tx->shown, req, tx->ctx, tx->replay_status, stored);
    body = kpid_json_dumps(shown);
    json_decref(shown);
    return body ? kpid_http_reply_buffer(req, tx->replay_status, type, body, strlen(body))
                : KPID_SYSERR;
}

enum kpid_outcome kpid_http_write(struct kpid_request *req, kpid_write_fn fn, void *ctx)
{
    return kpid_http_write_shown(req, fn, ctx, NULL);
}

enum kpid_outcome kpid_http_write_shown(struct kpid_request *req, kpid_write_fn fn, void *ctx,
                                        kpid_write_shown_fn shown)
{
    struct write_tx tx = {.req = req, .fn = fn, .ctx = ctx, .shown = shown};
    tx.idem_key = kpid_http_header(req, "Idempotency-Key");
    if (tx.idem_key != NULL && !idempotency_key_ok(tx.idem_key))
        return kpid_http_problem(req, 400, "bad-idempotency-key", NULL,
                                 "Idempotency-Key must be 1-255 visible ASCII characters");
    if (tx.idem_key != NULL)
        fingerprint(req, tx.fingerprint);

    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    enum kpid_db_status st = kpid_db_transaction(db, run_write, &tx);

    if (tx.replay && tx.replay_body != NULL) {
        rc = replay(req, &tx);
    } else if (tx.mismatch) {
        rc = kpid_http_problem(req, 422, "idempotency-key-reused", NULL,
                               "this Idempotency-Key was used with a different request");
    } else {
        rc = kpid_http_write_reply(req, st, &tx.result, shown, ctx);
    }
    json_decref(tx.result.body);
    json_decref(tx.replay_headers);
    return rc;
}

enum kpid_outcome kpid_http_write_reply(struct kpid_request *req, enum kpid_db_status st,
                                        struct kpid_write_result *result,
                                        kpid_write_shown_fn shown, void *ctx)
{
    enum kpid_outcome rc;
    if (st == KPID_DB_OK || (st == KPID_DB_ABORT && result->problem)) {
        if (result->location != NULL)
            kpid_http_add_header(req, MHD_HTTP_HEADER_LOCATION, result->location);
        rc = kpid_http_reply_json(req, result->status,
                                  shown_body(shown, req, ctx, result->status, result->body));
    } else {
        rc = kpid_http_db_failed(req, st);
        json_decref(result->body);
    }
    result->body = NULL;
    return rc;
}

void kpid_write_problem(struct kpid_write_result *out, unsigned status, const char *slug,
                        const char *fmt, ...)
{
    char detail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    json_decref(out->body);
    out->status = status;
    out->problem = true;
    out->body = kpid_problem_body(status, slug, NULL, detail);
}

enum kpid_outcome kpid_http_write_one(struct kpid_request *req, const char *noun,
                                      bool (*valid)(const char *key), kpid_write_fn fn)
{
    const char *key = kpid_http_param(req, 0);
    if (!valid(key))
        return kpid_http_problem(req, 404, "not-found", NULL, "no %s %s", noun, key);
    return kpid_http_write(req, fn, (void *)(uintptr_t)key);
}
