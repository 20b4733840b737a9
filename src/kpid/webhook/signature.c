/* Parses X-Signature headers and checks them with HMAC-SHA256 in constant time. */
#include "kpid/webhook/signature.h"

#include "kpid/hex.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <string.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Reads one item value into sig; returns false when it is malformed. */
static bool take_item(struct kpid_signature *sig, bool *have_t, const char *key, size_t klen,
                      const char *value, size_t vlen)
{
    if (klen == 1 && key[0] == 't') {
        if (*have_t || vlen == 0 || vlen > 18)
            return false;
        int64_t v = 0;
        for (size_t i = 0; i < vlen; i++) {
            if (value[i] < '0' || value[i] > '9')
                return false;
            v = v * 10 + (value[i] - '0'); /* 18 digits cannot overflow int64_t */
        }
        memcpy(sig->t, value, vlen);
        sig->t[vlen] = '\0';
        sig->t_value = v;
        *have_t = true;
        return true;
    }
    if (klen == 2 && key[0] == 'v' && key[1] == '1') {
        if (vlen != 64)
            return false;
        unsigned char mac[32];
        for (size_t i = 0; i < 32; i++) {
            int byte = kpid_hex_byte(value + 2 * i);
            if (byte < 0)
                return false;
            mac[i] = (unsigned char)byte;
        }
        if (sig->n_v1 < KPID_SIGNATURE_MAX_V1)
            memcpy(sig->v1[sig->n_v1++], mac, sizeof mac);
        return true;
    }
    return klen > 0; /* another scheme: ignored */
}

bool kpid_signature_parse(const char *header, size_t len, struct kpid_signature *out)
{
    memset(out, 0, sizeof *out);
    if (len > KPID_SIGNATURE_HEADER_MAX)
        return false;
    bool have_t = false;
    size_t i = 0;
    while (i <= len) {
        const char *comma = memchr(header + i, ',', len - i);
        size_t end = comma ? (size_t)(comma - header) : len;
        size_t a = i, b = end;
        while (a < b && blank(header[a]))
            a++;
        while (b > a && blank(header[b - 1]))
            b--;
        const char *eq = memchr(header + a, '=', b - a);
        if (eq == NULL)
            return false;
        size_t klen = (size_t)(eq - (header + a));
        if (!take_item(out, &have_t, header + a, klen, eq + 1, b - a - klen - 1))
            return false;
        i = end + 1;
    }
    return have_t && out->n_v1 > 0;
}

bool kpid_signature_fresh(const struct kpid_signature *sig, int64_t now)
{
    int64_t diff = now - sig->t_value;
    return diff <= KPID_SIGNATURE_TOLERANCE && diff >= -KPID_SIGNATURE_TOLERANCE;
}

bool kpid_hmac_sha256(const char *key, size_t key_len, const struct kpid_hmac_part *parts, size_t n,
                      unsigned char mac[32])
{
    size_t mac_len = 0;
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0),
                           OSSL_PARAM_construct_end()};
    bool ok = ctx != NULL && EVP_MAC_init(ctx, (const unsigned char *)key, key_len, params) == 1;
    for (size_t i = 0; ok && i < n; i++)
        ok = parts[i].len == 0 ||
             EVP_MAC_update(ctx, (const unsigned char *)parts[i].data, parts[i].len) == 1;
    ok = ok && EVP_MAC_final(ctx, mac, &mac_len, 32) == 1 && mac_len == 32;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(hmac);
    return ok;
}

int kpid_signature_match(const struct kpid_signature *sig, const char *secret, size_t secret_len,
                         const char *body, size_t body_len)
{
    unsigned char mac[32];
    const struct kpid_hmac_part parts[] = {{sig->t, strlen(sig->t)}, {".", 1}, {body, body_len}};
    bool ok = kpid_hmac_sha256(secret, secret_len, parts, 3, mac);
    int found = -1;
    for (size_t i = 0; ok && i < sig->n_v1; i++)
        if (CRYPTO_memcmp(mac, sig->v1[i], 32) == 0 && found < 0)
            found = (int)i;
    return found;
}

void kpid_signature_v1_hex(const struct kpid_signature *sig, size_t i, char hex[65])
{
    for (size_t k = 0; k < 32; k++)
        snprintf(hex + 2 * k, 3, "%02x", sig->v1[i][k]);
}
