/* HubSpot's v3 request signature: X-HubSpot-Signature-v3, the base64 of HMAC-SHA256(client
 * secret, method + URI + body + X-HubSpot-Request-Timestamp). Pure functions. */
#ifndef KPID_WEBHOOK_HUBSPOT_SIGNATURE_H
#define KPID_WEBHOOK_HUBSPOT_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KPID_HUBSPOT_TOLERANCE_MS 300000 /* a timestamp older or newer than this is refused */

/* The parts of a request the signature covers (all borrowed, NUL-terminated but the body). */
struct kpid_hubspot_request {
    const char *method; /* "POST" */
    const char *uri;    /* the URL HubSpot posted to: "https://host/v1/webhooks/<id>" */
    const char *body;
    size_t body_len;
    const char *timestamp; /* X-HubSpot-Request-Timestamp: epoch milliseconds */
    const char *signature; /* X-HubSpot-Signature-v3 */
};

/* Whether the timestamp is 1 to 15 digits within KPID_HUBSPOT_TOLERANCE_MS of now_ms. */
bool kpid_hubspot_fresh(const char *timestamp, int64_t now_ms);

/* Whether the signature is the request's, under secret; compared in constant time. */
bool kpid_hubspot_match(const struct kpid_hubspot_request *req, const char *secret,
                        size_t secret_len);

#endif
