/* POST /v1/webhooks/{source_id}: a CRM delivery, authenticated by its HMAC signature or URL
 * token, committed to the inbox and mapped into leads or deals in the same transaction. */
#include "kpid/handlers/handlers.h"

#include "kpid/http/auth.h"
#include "kpid/json/fields.h"
#include "kpid/json/json_out.h"
#include "kpid/http/write.h"
#include "kpid/log.h"
#include "kpid/webhook/inbox.h"
#include "kpid/webhook/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

KPID_DB_STMT(find_source, "source_find_by_id");

/* Dedupe on the body, replay protection on the signature: a row that is already there
 * makes the insert do nothing and the lookup below says which. */
KPID_DB_STMT(insert_event, "webhook_event_insert");
KPID_DB_STMT(earlier_event, "webhook_event_find_earlier");

struct delivery {
    struct kpid_webhook_source src;
    const char *content_type;
    char signature[65]; /* the v1 that matched, or "" for a token */
    char body_sha256[65];
};

static void sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char digest[32];
    unsigned int n = 0;
    EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* "\x" + hex of the body: bytea input for a text parameter. */
static char *bytea_hex(const char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *out = malloc(2 * len + 3);
    if (out == NULL)
        return NULL;
    out[0] = '\\', out[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        out[2 + 2 * i] = digits[(unsigned char)data[i] >> 4];
        out[3 + 2 * i] = digits[(unsigned char)data[i] & 15];
    }
    out[2 * len + 2] = '\0';
    return out;
}

static enum kpid_db_status deliver(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                   struct kpid_write_result *out)
{
    struct delivery *d = ctx;
    char *hex = bytea_hex(req->body ? req->body : "", req->body_len);
    if (hex == NULL)
        return KPID_DB_ERROR;
    const char *signature = d->signature[0] ? d->signature : NULL;
    const char *params[] = {d->src.workspace_id, d->src.name, d->content_type, hex,
                            d->body_sha256,      signature};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &insert_event, 6, params, &st);
    free(hex);
    if (res == NULL)
        return st;
    char event_id[37] = "";
    if (PQntuples(res) == 1)
        snprintf(event_id, sizeof event_id, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    if (event_id[0] != '\0') {
        bool mapped;
        st = kpid_webhook_process(db, &d->src, event_id, req->body ? req->body : "", req->body_len,
                                  &out->body, &mapped);
        out->status = mapped ? 200 : 202;
        return st;
    }
    const char *earlier[] = {d->src.workspace_id, d->src.name, d->body_sha256, signature};
    if ((res = kpid_db_exec(db, &earlier_event, 4, earlier, &st)) == NULL)
        return st;
    if (PQntuples(res) == 0) { /* removed meanwhile: run again */
        PQclear(res);
        return KPID_DB_RETRY;
    }
    if (PQgetvalue(res, 0, 1)[0] == 't') {
        kpid_log(KPID_LOG_INFO, "webhook %s/%s: a signature seen before (a replay)",
                 d->src.workspace_id, d->src.name);
        out->problem = true;
        out->status = 401;
        out->body =
            kpid_problem_body(401, "unauthorized", NULL, "the delivery could not be authenticated");
    } else {
        out->status = 200;
        out->body =
            json_pack("{s:s,s:s}", "status", "duplicate", "event_id", PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return KPID_DB_OK;
}

/* Whether the delivery carries a valid, fresh signature by the source's current or previous
 * secret (the matching v1 goes to d->signature), or the source's token. */
static bool authentic(struct kpid_request *req, const PGresult *source, struct delivery *d)
{
    const char *header = kpid_http_header(req, "X-Signature");
    const char *token = kpid_http_query(req, "token");
    if (header != NULL) {
        struct kpid_signature sig;
        if (!kpid_signature_parse(header, strlen(header), &sig) ||
            !kpid_signature_fresh(&sig, (int64_t)time(NULL)))
            return false;
        const char *body = req->body ? req->body : "";
        for (int col = 4; col <= 5; col++) {
            const char *secret = kpid_pg(source, 0, col);
            int i = secret ? kpid_signature_match(&sig, secret, strlen(secret), body, req->body_len)
                           : -1;
            if (i >= 0) {
                kpid_signature_v1_hex(&sig, (size_t)i, d->signature);
                return true;
            }
        }
        return false;
    }
    const char *stored = kpid_pg(source, 0, 6);
    if (token == NULL || stored == NULL || strlen(stored) != 64)
        return false;
    char hash[65];
    kpid_key_hash(token, hash);
    return CRYPTO_memcmp(hash, stored, 64) == 0;
}

struct lookup {
    const char *source_id;
    PGresult *source;
};

/* Finds the source. Run as a transaction of its own, so that a pooled connection found dead
 * is re-established before a delivery is answered 5xx. */
static enum kpid_db_status look_up(struct kpid_db *db, void *ctx)
{
    struct lookup *lk = ctx;
    const char *params[] = {lk->source_id};
    enum kpid_db_status st;
    PQclear(lk->source);
    lk->source = kpid_db_exec(db, &find_source, 1, params, &st);
    return st;
}

static enum kpid_outcome unauthorized(struct kpid_request *req, const char *why)
{
    kpid_log(KPID_LOG_INFO, "webhook %s refused: %s (request %s)", kpid_http_param(req, 0), why,
             req->id);
    return kpid_http_problem(req, 401, "unauthorized", NULL,
                             "the delivery could not be authenticated");
}

enum kpid_outcome kpid_h_webhooks_post(struct kpid_request *req)
{
    const char *source_id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(source_id))
        return unauthorized(req, "not a source id");
    struct kpid_db *db;
    enum kpid_outcome rc = kpid_http_db(req, &db);
    if (rc != KPID_OK)
        return rc;
    struct lookup lk = {.source_id = source_id};
    enum kpid_db_status st = kpid_db_transaction(db, look_up, &lk);
    PGresult *source = lk.source;
    if (st != KPID_DB_OK) {
        PQclear(source);
        return kpid_http_db_failed(req, st);
    }
    struct delivery d = {0};
    if (PQntuples(source) == 0 || !authentic(req, source, &d)) {
        bool known = PQntuples(source) > 0;
        PQclear(source);
        return unauthorized(req,
                            known ? "bad, stale or missing signature or token" : "unknown source");
    }
    snprintf(req->auth.workspace_id, sizeof req->auth.workspace_id, "%s", PQgetvalue(source, 0, 0));
    d.src.workspace_id = req->auth.workspace_id;
    d.src.name = PQgetvalue(source, 0, 1);
    kpid_webhook_source_kinds(&d.src, PQgetvalue(source, 0, 2), PQgetvalue(source, 0, 3));
    d.content_type = d.src.payload == KPID_PAYLOAD_FORM ? "application/x-www-form-urlencoded"
                                                        : "application/json";
    if (!kpid_http_media_type_is(kpid_http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE),
                                 d.content_type)) {
        PQclear(source);
        return kpid_http_problem(req, 415, "unsupported-media-type", NULL,
                                 "this source's deliveries are %s", d.content_type);
    }
    json_t *map = kpid_json_parse(PQgetvalue(source, 0, 7));
    d.src.field_map = map;
    sha256_hex(req->body ? req->body : "", req->body_len, d.body_sha256);
    rc = kpid_http_write(req, deliver, &d);
    json_decref(map);
    PQclear(source);
    return rc;
}
