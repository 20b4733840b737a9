/* One record from a CRM's API: the request URL built from the source's base, the preset's
 * path and a validated id (never from a delivery), and the reply sorted into done, retry or
 * permanent. */
#include "kpid/workers/fetch_crm.h"

#include "kpid/webhook/fetch_url.h"
#include "kpid/webhook/pointer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GETs path for id; on success *out is the reply's JSON. */
static enum kpid_fetch_outcome get_json(CURL *curl, const struct kpid_fetch_limits *limits,
                                        const struct kpid_fetch_source *src, const char *path,
                                        const char *id, json_t **out, long *retry_after_s,
                                        char *error, size_t error_size)
{
    char *url = kpid_fetch_url_build(src->url, path, id);
    if (url == NULL) {
        snprintf(error, error_size, "'%.40s' is not a CRM record id", id ? id : "");
        return KPID_FETCH_PERMANENT;
    }
    struct kpid_fetch_reply reply;
    kpid_fetch_http_get(curl, limits, url, src->allow_http, src->token, &reply);
    free(url);
    /* the path names what was asked for; the base (it may hold a webhook secret) stays out */
    enum kpid_fetch_outcome outcome = KPID_FETCH_PERMANENT;
    if (reply.status == 0) {
        snprintf(error, error_size, "fetching %s %s: %.200s", path, id, reply.error);
        outcome = KPID_FETCH_RETRY;
    } else if (reply.status == 429 || reply.status >= 500) {
        snprintf(error, error_size, "fetching %s %s: the CRM answered %ld", path, id, reply.status);
        *retry_after_s = reply.retry_after_s;
        outcome = KPID_FETCH_RETRY;
    } else if (reply.status != 200)
        snprintf(error, error_size, "fetching %s %s: the CRM answered %ld", path, id, reply.status);
    else if ((*out = json_loadb(reply.body ? reply.body : "", reply.len, JSON_REJECT_DUPLICATES,
                                NULL)) == NULL ||
             !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        snprintf(error, error_size, "fetching %s %s: the reply is not a JSON object", path, id);
    } else
        outcome = KPID_FETCH_DONE;
    kpid_fetch_reply_clear(&reply);
    return outcome;
}

/* The contact id at the preset's pointer, as text ("" when the record has no contact). */
static void contact_id(const json_t *record, const char *at, char out[32])
{
    const json_t *v = kpid_pointer_get(record, at, strlen(at));
    out[0] = '\0';
    if (json_is_integer(v))
        snprintf(out, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_string(v))
        snprintf(out, 32, "%s", json_string_value(v));
}

enum kpid_fetch_outcome kpid_fetch_record(CURL *curl, const struct kpid_fetch_limits *limits,
                                          const struct kpid_fetch_source *src, const char *id,
                                          json_t **doc, long *retry_after_s, char *error,
                                          size_t error_size)
{
    const struct kpid_preset_fetch *f = &src->preset->fetch;
    const char *path = src->target == KPID_TARGET_DEAL ? f->deal_path : f->lead_path;
    json_t *record = NULL, *contact = NULL;
    *retry_after_s = 0;
    enum kpid_fetch_outcome outcome =
        get_json(curl, limits, src, path, id, &record, retry_after_s, error, error_size);
    char cid[32] = "";
    if (outcome == KPID_FETCH_DONE && f->contact_path != NULL)
        contact_id(record, f->contact_id_at, cid);
    if (cid[0] != '\0')
        outcome = get_json(curl, limits, src, f->contact_path, cid, &contact, retry_after_s, error,
                           error_size);
    if (outcome != KPID_FETCH_DONE) {
        json_decref(record);
        return outcome;
    }
    *doc = json_pack("{s:o}", "record", record);
    if (contact != NULL)
        json_object_set_new(*doc, "contact", contact);
    return KPID_FETCH_DONE;
}
