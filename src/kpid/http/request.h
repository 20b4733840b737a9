/* The per-request context every handler receives, and the HTTP-layer helpers around it. */
#ifndef KPID_HTTP_REQUEST_H
#define KPID_HTTP_REQUEST_H

#include "kpid/limits/limits.h"
#include "kpid/outcome.h"

#include "kpid/json/errors.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kpid_server;
struct kpid_route;
struct kpid_db;

enum kpid_read_source {
    KPID_READ_UNROUTED = 0, /* not a replica route, or no KPID_DATABASE_READ_URL: no header */
    KPID_READ_PRIMARY,      /* asked for (?consistency=strong) or no replica was available */
    KPID_READ_REPLICA,
};

enum kpid_scope {
    KPID_SCOPE_NONE = 0, /* no bearer key needed (health, webhooks sign their own way) */
    KPID_SCOPE_INGEST = 1,
    KPID_SCOPE_READ = 2,
    KPID_SCOPE_ADMIN = 4,
};

/* Who is calling: filled by the router from the bearer key before the handler runs. */
struct kpid_auth {
    char workspace_id[37];
    char key_id[37];
    unsigned scopes; /* KPID_SCOPE_* bits; admin implies the others */
    /* the workspace's, read with the key */
    struct kpid_limits limits;
};

#define KPID_MAX_PATH_PARAMS 3

struct kpid_request {
    struct MHD_Connection *connection;
    struct kpid_server *server;
    char id[65];        /* X-Request-Id: the client's when sane, else a fresh UUID */
    const char *method; /* borrowed from libmicrohttpd */
    const char *path;   /* borrowed from libmicrohttpd, without the query string */
    const struct kpid_route *route;
    const char *params[KPID_MAX_PATH_PARAMS]; /* path parameters, pointing into param_buf */
    char param_buf[512];
    struct kpid_auth auth;
    struct kpid_db *db; /* taken by kpid_http_db(), given back when the request ends */
    enum kpid_read_source read_source; /* where db reads, for KPID-Read-Source (read_route.h) */
    double read_lag_s;                 /* the replica's replay lag when db reads there */

    char *body;      /* the request body, NUL-terminated, at most body_max bytes */
    size_t body_max; /* max_body_bytes, or more for a route that takes uploads */
    size_t body_len;
    size_t body_alloc;
    bool body_too_large;
    bool headers_checked;

    struct {
        const char *name;
        char value[192];
    } extra_headers[6]; /* added to the reply by kpid_http_add_header() */
    size_t n_extra_headers;

    unsigned status; /* of the reply queued, for the access log and metrics */
    uint64_t started_ns;
};

/* --- request accessors ------------------------------------------------------------------ */

/* A query-string argument, or NULL; borrowed for the request's lifetime. */
const char *kpid_http_query(const struct kpid_request *req, const char *name);
/* A request header, or NULL. */
const char *kpid_http_header(const struct kpid_request *req, const char *name);
/* The i-th path parameter of the matched route ("{id}" etc.). */
const char *kpid_http_param(const struct kpid_request *req, size_t i);

/* Adds a header to the reply that will be queued next; name is borrowed (a literal), value
 * copied (truncated to 191 bytes). */
void kpid_http_add_header(struct kpid_request *req, const char *name, const char *value);

/* --- replies (each returns KPID_REPLIED, or KPID_SYSERR when nothing could be queued) ---- */

/* Replies with a JSON body (application/json, or application/problem+json for a status of
 * 400 and up); takes ownership of body (may be NULL for no body). */
enum kpid_outcome kpid_http_reply_json(struct kpid_request *req, unsigned status, json_t *body);
/* The Content-Type kpid_http_reply_json gives a body with this status. */
const char *kpid_http_json_type(unsigned status);

/* Replies with a body of the given content type; copies the bytes. */
enum kpid_outcome kpid_http_reply_bytes(struct kpid_request *req, unsigned status,
                                        const char *content_type, const void *data, size_t len);

/* Same, taking ownership of a malloc()ed buffer. */
enum kpid_outcome kpid_http_reply_buffer(struct kpid_request *req, unsigned status,
                                         const char *content_type, char *data, size_t len);

/*
 * RFC 9457 problem+json. `slug` names the stable error class (the type is
 * "urn:kpid:problem:<slug>"); the title is the status's reason phrase. errors, when not
 * NULL, is an array of {field, message} and is taken over.
 */
enum kpid_outcome kpid_http_problem(struct kpid_request *req, unsigned status, const char *slug,
                                    json_t *errors, const char *detail_fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The problem+json body kpid_http_problem sends, for replies built elsewhere (such as
 * kpid_write_result); errors may be NULL and is taken over. */
json_t *kpid_problem_body(unsigned status, const char *slug, json_t *errors, const char *detail);

/* 422 for one field: {"field": pointer, "message": message}. */
enum kpid_outcome kpid_http_invalid_field(struct kpid_request *req, const char *pointer,
                                          const char *message);

/* True when a Content-Type's media type (before any ;parameters) is `type`, any case. */
bool kpid_http_media_type_is(const char *content_type, const char *type);

/* --- request body ----------------------------------------------------------------------- */

enum kpid_body_kind {
    KPID_BODY_JSON,        /* application/json */
    KPID_BODY_MERGE_PATCH, /* application/merge-patch+json or application/json */
};

/*
 * Parses the body as JSON (415 for another content type, 400 malformed, 422 for duplicate
 * keys, invalid UTF-8, NUL characters, numbers out of range or nesting deeper than
 * KPID_JSON_MAX_DEPTH) and checks it is an object. On KPID_OK *out is a new reference.
 */
#define KPID_JSON_MAX_DEPTH 32
enum kpid_outcome kpid_http_json_body(struct kpid_request *req, enum kpid_body_kind kind,
                                      json_t **out);

/* --- database --------------------------------------------------------------------------- */

/* Takes a pooled connection for this request (503 + Retry-After when none is free or the
 * database is down). Released automatically when the request completes. */
enum kpid_outcome kpid_http_db(struct kpid_request *req, struct kpid_db **out);

/* The same without a reply: the status of taking the connection (KPID_DB_OK: *out is set). */
enum kpid_db_status kpid_http_db_try(struct kpid_request *req, struct kpid_db **out);

/* Replies for a failed database status: 503 + Retry-After for outages and contention,
 * 409 for an unhandled unique violation, 500 (no internals) for the rest. */
enum kpid_outcome kpid_http_db_failed(struct kpid_request *req, int db_status);

/* --- authorisation ---------------------------------------------------------------------- */

/* CLOCK_MONOTONIC in nanoseconds: request durations, rate buckets, the key cache. */
uint64_t kpid_http_now_ns(void);

/* 403 unless the caller's key has the scope (admin implies every scope). */
enum kpid_outcome kpid_http_require_scope(struct kpid_request *req, enum kpid_scope scope);

#endif
