/* CORS for kpid's internal web frontends: allowed origins come from KPID_CORS_ORIGINS. */
#ifndef KPID_HTTP_CORS_H
#define KPID_HTTP_CORS_H

#include "kpid/http/request.h"

/* Adds Access-Control-Allow-Origin and friends when the request's Origin is allowed. */
void kpid_cors_add_headers(const struct kpid_request *req, struct MHD_Response *resp);

/* Answers OPTIONS for a path whose methods are `allow` ("GET, HEAD, POST, OPTIONS"): a CORS
 * preflight gets the allowed methods and headers; a plain OPTIONS gets Allow. */
enum kpid_outcome kpid_cors_options(struct kpid_request *req, const char *allow);

#endif
