/* Webhook helpers for the cases: registering a source and signing a delivery as a CRM does. */
#include "faults.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *webhook_source_create(const char *json_text)
{
    struct http_reply r;
    http_call(&(struct http_request){.method = "POST",
                                     .path = "/v1/sources",
                                     .key = fault_sys.admin_key,
                                     .content_type = "application/json",
                                     .body = json_text},
              &r);
    json_t *doc = http_reply_json(&r);
    const char *id = json_string_value(json_object_get(doc, "id"));
    char *copy = NULL;
    if (fault_check(r.status == 201 && id != NULL, "POST /v1/sources: status %ld: %.300s", r.status,
                    r.body))
        copy = strdup(id);
    json_decref(doc);
    http_reply_clear(&r);
    return copy;
}

void webhook_sign(const char *secret, long t, const char *body, size_t len,
                  char header[WEBHOOK_SIGNATURE_SIZE])
{
    size_t size = len + 32;
    char *message = malloc(size);
    int n = snprintf(message, size, "%ld.", t);
    memcpy(message + n, body, len);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned mac_len = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)message, (size_t)n + len,
         mac, &mac_len);
    free(message);
    int used = snprintf(header, WEBHOOK_SIGNATURE_SIZE, "X-Signature: t=%ld,v1=", t);
    for (unsigned i = 0; i < mac_len; i++)
        used += snprintf(header + used, (size_t)(WEBHOOK_SIGNATURE_SIZE - used), "%02x", mac[i]);
}
