/* Bearer API keys: the per-request check against the database, and scopes. */
#ifndef KPID_HTTP_AUTH_H
#define KPID_HTTP_AUTH_H

#include "kpid/http/request.h"

/* Authenticates the bearer key when the route needs one (401 missing/unknown/revoked,
 * 403 when it lacks the scope) and fills req->auth. */
enum kpid_outcome kpid_auth_check(struct kpid_request *req, enum kpid_scope scope);

/* Parses a scope name ("ingest", "read", "admin"); 0 when unknown. */
unsigned kpid_scope_parse(const char *name);

#endif
