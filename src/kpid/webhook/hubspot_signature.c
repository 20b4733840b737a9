/* Checks HubSpot's X-HubSpot-Signature-v3 and its timestamp window. */
#include "kpid/webhook/hubspot_signature.h"

#include "kpid/webhook/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

bool kpid_hubspot_fresh(const char *timestamp, int64_t now_ms)
{
    size_t n = timestamp ? strlen(timestamp) : 0;
    if (n == 0 || n > 15 || strspn(timestamp, "0123456789") != n)
        return false;
    int64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t = t * 10 + (timestamp[i] - '0');
    int64_t diff = now_ms - t;
    return diff <= KPID_HUBSPOT_TOLERANCE_MS && diff >= -KPID_HUBSPOT_TOLERANCE_MS;
}

bool kpid_hubspot_match(const struct kpid_hubspot_request *req, const char *secret,
                        size_t secret_len)
{
    if (req->signature == NULL || strlen(req->signature) != 44 || req->timestamp == NULL)
        return false;
    const struct kpid_hmac_part parts[] = {{req->method, strlen(req->method)},
                                           {req->uri, strlen(req->uri)},
                                           {req->body, req->body_len},
                                           {req->timestamp, strlen(req->timestamp)}};
    unsigned char mac[32], b64[45];
    if (!kpid_hmac_sha256(secret, secret_len, parts, 4, mac))
        return false;
    EVP_EncodeBlock(b64, mac, 32); /* 44 characters and a NUL */
    return CRYPTO_memcmp(b64, req->signature, 44) == 0;
}
