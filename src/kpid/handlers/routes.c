/* The route table: every path kpid answers, its method, handler and required scope. */
#include "kpid/handlers/handlers.h"
#include "kpid/http/router.h"

#include <stddef.h>

const struct kpid_route kpid_routes[] = {
    /* service */
    {"GET", "/healthz", kpid_h_healthz_get, KPID_SCOPE_NONE},
    {"GET", "/readyz", kpid_h_readyz_get, KPID_SCOPE_NONE},
    {"GET", "/metrics", kpid_h_metrics_get, KPID_SCOPE_NONE},
    {"GET", "/openapi.yaml", kpid_h_openapi_get, KPID_SCOPE_NONE},

    /* api keys */
    {"POST", "/v1/api-keys", kpid_h_api_keys_post, KPID_SCOPE_ADMIN},
    {"GET", "/v1/api-keys", kpid_h_api_keys_get, KPID_SCOPE_ADMIN},
    {"DELETE", "/v1/api-keys/{id}", kpid_h_api_keys_delete_id, KPID_SCOPE_ADMIN},

    {NULL, NULL, NULL, KPID_SCOPE_NONE},
};
