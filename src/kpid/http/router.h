/* The route table: method + path pattern -> handler and the scope its key needs. */
#ifndef KPID_HTTP_ROUTER_H
#define KPID_HTTP_ROUTER_H

#include "kpid/http/request.h"

typedef enum kpid_outcome (*kpid_handler)(struct kpid_request *req);

enum kpid_route_reads {
    KPID_READS_PRIMARY = 0, /* writes, or reads that must see the caller's own writes */
    KPID_READS_REPLICA,     /* analytical reads: KPID_DATABASE_READ_URL when set (read_route.h) */
};

struct kpid_route {
    const char *method;  /* "GET", "POST", ...; GET routes also answer HEAD */
    const char *pattern; /* "/v1/leads/{id}": {name} matches one non-empty segment */
    kpid_handler handler;
    enum kpid_scope scope;       /* KPID_SCOPE_NONE: no bearer key checked by the router */
    enum kpid_route_reads reads; /* where its reads may go */
};

/* The table itself, in src/kpid/handlers/routes.c; ends with a {NULL} entry. */
extern const struct kpid_route kpid_routes[];

/* A route whose request bodies may be larger than KPID_MAX_BODY_BYTES (uploads). */
struct kpid_route_body_limit {
    const char *method;
    const char *path; /* exact, no parameters */
    size_t max_bytes;
};

/* The table, in src/kpid/handlers/routes.c; ends with a {NULL} entry. */
extern const struct kpid_route_body_limit kpid_route_body_limits[];

/* The body limit of a request: the larger of `configured` and its route's own limit. */
size_t kpid_router_body_max(const char *method, const char *path, size_t configured);

/* Number of routes, for per-route metrics (route index = position in kpid_routes). */
size_t kpid_route_count(void);

/* Routes the request: 404/405 (+ Allow)/OPTIONS answered here, then authentication and
 * scope, then the handler. */
enum kpid_outcome kpid_router_dispatch(struct kpid_request *req);

#endif
