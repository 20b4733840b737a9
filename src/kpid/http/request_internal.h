/* The request context's life cycle, used only by the server glue. */
#ifndef KPID_HTTP_REQUEST_INTERNAL_H
#define KPID_HTTP_REQUEST_INTERNAL_H

#include "kpid/http/request.h"

struct kpid_request *kpid_request_new(struct kpid_server *server, struct MHD_Connection *connection,
                                      const char *method, const char *url);
/* Gives back the database connection and frees everything the request owns. */
void kpid_request_free(struct kpid_request *req);

/* 400 for conflicting Content-Length or Content-Length with Transfer-Encoding, 413 for a
 * declared length over the cap; run on the first callback, before any body arrives. */
enum kpid_outcome kpid_request_check_headers(struct kpid_request *req);

/* Whether the path of a raw request target (up to '?' or '#') decodes to bytes holding a NUL
 * or another control character: libmicrohttpd decodes it in place, and the router would see it
 * cut at the first NUL. */
bool kpid_request_target_has_control(const char *target);

/* Accumulates body bytes up to the cap; past it, marks the body too large and discards. */
void kpid_request_append_body(struct kpid_request *req, const char *data, size_t len);

uint64_t kpid_request_elapsed_us(const struct kpid_request *req);

#endif
