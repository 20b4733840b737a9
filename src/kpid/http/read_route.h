/* Read replicas: which connection an analytical read runs on, and the header that says so. */
#ifndef KPID_HTTP_READ_ROUTE_H
#define KPID_HTTP_READ_ROUTE_H

#include "kpid/http/request.h"

/*
 * For a route marked KPID_READS_REPLICA, when KPID_DATABASE_READ_URL is set and the request
 * did not ask for ?consistency=strong: swaps the request's primary connection (the one the
 * key lookup used) for a replica's, when one is free and answering. Otherwise the request
 * stays on the primary. 422 for a consistency other than strong or eventual.
 */
enum kpid_outcome kpid_http_route_read(struct kpid_request *req);

/* KPID-Read-Source: "replica; lag=0.012s" or "primary", on replies to routed requests. */
void kpid_http_read_source_header(const struct kpid_request *req, struct MHD_Response *resp);

#endif
