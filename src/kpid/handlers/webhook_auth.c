/* Checks a webhook delivery's credential in each way its source's preset accepts: kpid's
 * X-Signature, HubSpot's v3 signature, a token in the URL, a form field or a header, and
 * HTTP Basic. */
#include "kpid/handlers/webhook_auth.h"

#include "kpid/keys/keys.h"
#include "kpid/webhook/form.h"
#include "kpid/webhook/hubspot_signature.h"
#include "kpid/webhook/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BASIC_MAX 600 /* characters of an Authorization: Basic value */

static const char *body_of(const struct kpid_request *req)
{
    return req->body ? req->body : "";
}

/* Whether the SHA-256 of value is the stored hex hash (compared in constant time). */
static bool hash_matches(const char *value, const char *stored)
{
    if (value == NULL || stored == NULL || strlen(stored) != 64)
        return false;
    char hash[65];
    kpid_key_hash(value, hash);
    return CRYPTO_memcmp(hash, stored, 64) == 0;
}

/* kpid's X-Signature by the current or the previous secret. */
static bool by_signature(struct kpid_request *req, const kpid_result *source, char key[65])
{
    const char *header = kpid_http_header(req, "X-Signature");
    struct kpid_signature sig;
    if (header == NULL || !kpid_signature_parse(header, strlen(header), &sig) ||
        !kpid_signature_fresh(&sig, (int64_t)time(NULL)))
        return false;
    static const char *const secrets[] = {"secret", "previous_secret"};
    for (size_t k = 0; k < 2; k++) {
        const char *secret = kpid_result_text(source, 0, secrets[k]);
        int i =
            secret ? kpid_signature_match(&sig, secret, strlen(secret), body_of(req), req->body_len)
                   : -1;
        if (i >= 0) {
            kpid_signature_v1_hex(&sig, (size_t)i, key);
            return true;
        }
    }
    return false;
}

/* HubSpot's v3 signature over the URL it posted to: https (or http, for a local sender)
 * with the Host header and the path. */
static bool by_hubspot(struct kpid_request *req, const kpid_result *source, char key[65])
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    const char *ts = kpid_http_header(req, "X-HubSpot-Request-Timestamp");
    const char *host = kpid_http_header(req, "Host");
    const char *sig = kpid_http_header(req, "X-HubSpot-Signature-v3");
    if (!kpid_hubspot_fresh(ts, (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000) ||
        host == NULL || sig == NULL || strlen(host) > 255 || strlen(req->path) > 512)
        return false;
    static const char *const schemes[] = {"https://", "http://"};
    static const char *const secrets[] = {"secret", "previous_secret"};
    for (size_t s = 0; s < 2; s++) {
        char uri[800];
        snprintf(uri, sizeof uri, "%s%s%s", schemes[s], host, req->path);
        struct kpid_hubspot_request hr = {req->method, uri, body_of(req), req->body_len, ts, sig};
        for (size_t k = 0; k < 2; k++) {
            const char *secret = kpid_result_text(source, 0, secrets[k]);
            if (secret != NULL && kpid_hubspot_match(&hr, secret, strlen(secret))) {
                snprintf(key, 65, "hubspot-v3:%s", sig);
                return true;
            }
        }
    }
    return false;
}

/* The token in the form field `field` of the body. */
static bool by_form_token(struct kpid_request *req, const kpid_result *source, const char *field)
{
    struct kpid_form form;
    if (field == NULL ||
        kpid_form_parse(body_of(req), req->body_len, KPID_FORM_MAX_FIELDS, &form) != KPID_FORM_OK)
        return false;
    bool ok = hash_matches(kpid_form_get(&form, field), kpid_result_text(source, 0, "token_hash"));
    kpid_form_free(&form);
    return ok;
}

/* Authorization: Basic base64(username ":" password). */
static bool by_basic(struct kpid_request *req, const kpid_result *source)
{
    const char *header = kpid_http_header(req, "Authorization");
    const char *user = kpid_result_text(source, 0, "basic_auth_username");
    const char *stored = kpid_result_text(source, 0, "basic_auth_password_hash");
    if (header == NULL || user == NULL || strncasecmp(header, "Basic ", 6) != 0)
        return false;
    const char *b64 = header + 6;
    while (*b64 == ' ')
        b64++;
    size_t n = strlen(b64);
    if (n == 0 || n > BASIC_MAX || n % 4 != 0)
        return false;
    unsigned char decoded[BASIC_MAX];
    int len = EVP_DecodeBlock(decoded, (const unsigned char *)b64, (int)n);
    if (len < 0)
        return false;
    len -= (b64[n - 1] == '=') + (b64[n - 2] == '=');
    decoded[len] = '\0';
    char *text = (char *)decoded;
    char *colon = memchr(text, ':', (size_t)len);
    if (colon == NULL || strlen(text) != (size_t)len)
        return false;
    *colon = '\0';
    size_t user_len = strlen(user);
    bool user_ok = strlen(text) == user_len && CRYPTO_memcmp(text, user, user_len) == 0;
    bool password_ok = hash_matches(colon + 1, stored);
    OPENSSL_cleanse(decoded, sizeof decoded);
    return user_ok && password_ok;
}

bool kpid_webhook_authentic(struct kpid_request *req, const kpid_result *source,
                            const struct kpid_preset *preset, char replay_key[65])
{
    replay_key[0] = '\0';
    unsigned auth = preset->auth;
    const char *token_hash = kpid_result_text(source, 0, "token_hash");
    if ((auth & KPID_AUTH_SIGNATURE) && kpid_http_header(req, "X-Signature") != NULL)
        return by_signature(req, source, replay_key); /* a signature that fails is final */
    if ((auth & KPID_AUTH_HUBSPOT_V3) && by_hubspot(req, source, replay_key))
        return true;
    if ((auth & KPID_AUTH_URL_TOKEN) && hash_matches(kpid_http_query(req, "token"), token_hash))
        return true;
    if ((auth & KPID_AUTH_HEADER_TOKEN) && preset->token_header != NULL &&
        hash_matches(kpid_http_header(req, preset->token_header), token_hash))
        return true;
    if ((auth & KPID_AUTH_FORM_TOKEN) && by_form_token(req, source, preset->token_field))
        return true;
    return (auth & KPID_AUTH_BASIC) && by_basic(req, source);
}
