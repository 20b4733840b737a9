/* POST /v1/webhooks/{source_id}: a CRM delivery, authenticated as its source's preset says,
 * committed to the inbox (without its credentials) and mapped into leads or deals in the same
 * transaction - or, for a source that fetches its records, left pending_fetch for the fetch
 * workers. */
#include "kpid/handlers/handlers.h"
#include "kpid/handlers/webhook_auth.h"

#include "kpid/http/write.h"
#include "kpid/json/fields.h"
#include "kpid/json/json_out.h"
#include "kpid/log.h"
#include "kpid/store/source.h"
#include "kpid/store/webhook_event.h"
#include "kpid/webhook/form.h"
#include "kpid/webhook/inbox.h"
#include "kpid/webhook/preset.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct delivery {
    struct kpid_webhook_source src;
    const char *content_type;
    char signature[65]; /* the signature that matched, or "" for a shared value */
    char body_sha256[65];
    const char *body; /* what the inbox keeps: the body without credential fields */
    size_t len;
    bool fetches; /* the source completes its records by a fetch from the CRM */
};

static void sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char digest[32];
    unsigned int n = 0;
    EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Answers a delivery the inbox already has: a duplicate body is acknowledged with the
 * earlier event's id, a signature seen before is refused as a replay. */
static enum kpid_db_status answer_earlier(struct kpid_db *db, const struct delivery *d,
                                          const char *signature, struct kpid_write_result *out)
{
    enum kpid_db_status st;
    kpid_result *res = kpid_store_webhook_event_find_earlier(db, d->src.workspace_id, d->src.name,
                                                             d->body_sha256, signature, &st);
    if (res == NULL)
        return st;
    if (kpid_result_rows(res) == 0) { /* removed meanwhile: run again */
        kpid_result_free(res);
        return KPID_DB_RETRY;
    }
    if (kpid_result_bool(res, 0, "replayed_signature")) {
        kpid_log(KPID_LOG_INFO, "webhook %s/%s: a signature seen before (a replay)",
                 d->src.workspace_id, d->src.name);
        kpid_write_problem(out, 401, "unauthorized", "the delivery could not be authenticated");
    } else {
        out->status = 200;
        out->body = json_pack("{s:s,s:s}", "status", "duplicate", "event_id",
                              kpid_result_text(res, 0, "id"));
    }
    kpid_result_free(res);
    return KPID_DB_OK;
}

/* Dedupe on the body, replay protection on the signature: an event that is already there
 * makes the insert do nothing and answer_earlier says which. */
static enum kpid_db_status deliver(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                   struct kpid_write_result *out)
{
    (void)req;
    struct delivery *d = ctx;
    const char *signature = d->signature[0] ? d->signature : NULL;
    const struct kpid_webhook_delivery delivery = {d->src.name, d->content_type, d->body,
                                                   d->len,      d->body_sha256,  signature};
    enum kpid_db_status st;
    kpid_result *res = kpid_store_webhook_event_insert(db, d->src.workspace_id, &delivery, &st);
    if (res == NULL)
        return st;
    char event_id[37] = "";
    if (kpid_result_rows(res) == 1)
        snprintf(event_id, sizeof event_id, "%s", kpid_result_text(res, 0, "id"));
    kpid_result_free(res);
    if (event_id[0] == '\0')
        return answer_earlier(db, d, signature, out);
    if (d->fetches && kpid_webhook_wants_fetch(&d->src, d->body, d->len)) {
        /* stored; a fetch worker completes it off this request */
        st = kpid_store_webhook_event_set_pending_fetch(db, d->src.workspace_id, event_id);
        out->status = 200;
        out->body = st == KPID_DB_OK
                        ? json_pack("{s:s,s:s}", "status", "pending_fetch", "event_id", event_id)
                        : NULL;
        return st;
    }
    bool mapped;
    st = kpid_webhook_process(db, &d->src, event_id, d->body, d->len, &out->body, &mapped);
    out->status = mapped ? 200 : 202;
    return st;
}

struct lookup {
    const char *source_id;
    kpid_result *source;
};

/* Finds the source. Run as a transaction of its own, so that a pooled connection found dead
 * is re-established before a delivery is answered 5xx. */
static enum kpid_db_status look_up(struct kpid_db *db, void *ctx)
{
    struct lookup *lk = ctx;
    enum kpid_db_status st;
    kpid_result_free(lk->source);
    lk->source = kpid_store_source_find_by_id(db, lk->source_id, &st);
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
    kpid_result *source = lk.source;
    if (st != KPID_DB_OK) {
        kpid_result_free(source);
        return kpid_http_db_failed(req, st);
    }
    struct delivery d = {0};
    const struct kpid_preset *preset =
        kpid_result_rows(source) ? kpid_preset_find(kpid_result_text(source, 0, "preset")) : NULL;
    if (preset == NULL || !kpid_webhook_authentic(req, source, preset, d.signature)) {
        bool known = kpid_result_rows(source) > 0;
        kpid_result_free(source);
        return unauthorized(req,
                            known ? "bad, stale or missing signature or token" : "unknown source");
    }
    snprintf(req->auth.workspace_id, sizeof req->auth.workspace_id, "%s",
             kpid_result_text(source, 0, "workspace_id"));
    d.src.workspace_id = req->auth.workspace_id;
    d.src.name = kpid_result_text(source, 0, "name");
    kpid_webhook_source_kinds(&d.src, kpid_result_text(source, 0, "payload"),
                              kpid_result_text(source, 0, "target"));
    d.content_type = d.src.payload == KPID_PAYLOAD_FORM ? "application/x-www-form-urlencoded"
                                                        : "application/json";
    if (!kpid_http_media_type_is(kpid_http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE),
                                 d.content_type)) {
        kpid_result_free(source);
        return kpid_http_problem(req, 415, "unsupported-media-type", NULL,
                                 "this source's deliveries are %s", d.content_type);
    }
    const char *body = req->body ? req->body : "";
    char *kept = preset->private_field
                     ? kpid_form_without(body, req->body_len, preset->private_field, &d.len)
                     : NULL;
    d.body = kept ? kept : body;
    d.len = kept ? d.len : req->body_len;
    if (preset->test_ping != NULL && preset->test_ping(d.body, d.len)) {
        free(kept);
        kpid_result_free(source);
        return kpid_http_reply_json(req, 200, json_pack("{s:s}", "status", "test"));
    }
    d.fetches = kpid_result_bool(source, 0, "fetches") && kpid_preset_fetches(preset, d.src.target);
    json_t *map = kpid_json_parse(kpid_result_text(source, 0, "field_map"));
    d.src.field_map = map;
    sha256_hex(d.body, d.len, d.body_sha256);
    rc = kpid_http_write(req, deliver, &d);
    json_decref(map);
    free(kept);
    kpid_result_free(source);
    return rc;
}
