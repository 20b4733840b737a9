/* Every endpoint handler kpid has, named kpid_h_<resource>_<method>[_id]. */
#ifndef KPID_HANDLERS_H
#define KPID_HANDLERS_H

#include "kpid/http/request.h"

/* service */
enum kpid_outcome kpid_h_healthz_get(struct kpid_request *req);
enum kpid_outcome kpid_h_readyz_get(struct kpid_request *req);
enum kpid_outcome kpid_h_metrics_get(struct kpid_request *req);
enum kpid_outcome kpid_h_openapi_get(struct kpid_request *req);

/* api keys */
enum kpid_outcome kpid_h_api_keys_post(struct kpid_request *req);
enum kpid_outcome kpid_h_api_keys_get(struct kpid_request *req);
enum kpid_outcome kpid_h_api_keys_delete_id(struct kpid_request *req);

#endif
