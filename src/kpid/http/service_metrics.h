/* Request counters and latency histogram, rendered in the Prometheus text format. */
#ifndef KPID_HTTP_SERVICE_METRICS_H
#define KPID_HTTP_SERVICE_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct kpid_route;

/* Records one finished request; route NULL means it matched no route. Lock-free. */
void kpid_service_metrics_record(const struct kpid_route *route, unsigned status, uint64_t micros);

/* Renders every metric; returns a malloc()ed text and its length in *len, or NULL. */
char *kpid_service_metrics_render(size_t *len);

#endif
