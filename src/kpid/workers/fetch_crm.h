/* Fetching one CRM record for a delivery's item, as its source's preset says. */
#ifndef KPID_WORKERS_FETCH_CRM_H
#define KPID_WORKERS_FETCH_CRM_H

#include "kpid/webhook/preset.h"
#include "kpid/workers/fetch_http.h"

#include <jansson.h>

/* Where a source fetches from (borrowed). */
struct kpid_fetch_source {
    const struct kpid_preset *preset;
    enum kpid_target_kind target;
    const char *url; /* the configured base */
    const char *token;
    bool allow_http;
};

enum kpid_fetch_outcome {
    KPID_FETCH_DONE,      /* the record came */
    KPID_FETCH_RETRY,     /* the CRM could not answer now: network, 429, 5xx */
    KPID_FETCH_PERMANENT, /* it never will: 404 and other 4xx, a bad id, a reply not JSON */
};

/*
 * Fetches the record with this id (and, for presets with a contact_path, its first contact)
 * and returns {"record": <reply>[, "contact": <reply>]} in *doc (owned). Otherwise error says
 * why and *retry_after_s is the CRM's Retry-After (0 when it gave none).
 */
enum kpid_fetch_outcome kpid_fetch_record(CURL *curl, const struct kpid_fetch_limits *limits,
                                          const struct kpid_fetch_source *src, const char *id,
                                          json_t **doc, long *retry_after_s, char *error,
                                          size_t error_size);

#endif
