/* Encodes and decodes keyset cursors (base64url of the last row's sort key) and builds the
 * list envelope. */
#include "kpid/http/paging.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *encode_cursor(const char *key0, const char *key1)
{
    char plain[260];
    int n = snprintf(plain, sizeof plain, "%s\n%s", key0, key1);
    if (n < 0 || (size_t)n >= sizeof plain)
        return json_null();
    unsigned char b64[360];
    int len = EVP_EncodeBlock(b64, (const unsigned char *)plain, n);
    while (len > 0 && b64[len - 1] == '=')
        len--;
    for (int i = 0; i < len; i++)
        b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
    return json_stringn((const char *)b64, (size_t)len);
}

static bool decode_cursor(const char *text, struct kpid_page *page)
{
    size_t n = strlen(text);
    if (n == 0 || n > 340)
        return false;
    unsigned char b64[348], plain[270];
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == '+' || c == '/' || c == '=')
            return false;
        b64[i] = (unsigned char)(c == '-' ? '+' : c == '_' ? '/' : c);
    }
    while (n % 4 != 0)
        b64[n++] = '=';
    int len = EVP_DecodeBlock(plain, b64, (int)n);
    if (len < 0)
        return false;
    /* EVP_DecodeBlock counts the padding as zero bytes: drop them */
    while (len > 0 && plain[len - 1] == '\0')
        len--;
    plain[len] = '\0';
    char *sep = memchr(plain, '\n', (size_t)len);
    if (sep == NULL || memchr(plain, '\0', (size_t)len) != NULL)
        return false;
    *sep = '\0';
    size_t len0 = strlen((char *)plain), len1 = strlen(sep + 1);
    if (len0 >= sizeof page->after[0] || len1 >= sizeof page->after[1])
        return false;
    memcpy(page->after[0], plain, len0 + 1);
    memcpy(page->after[1], sep + 1, len1 + 1);
    return true;
}

enum kpid_outcome kpid_http_page(struct kpid_request *req, struct kpid_page *page)
{
    memset(page, 0, sizeof *page);
    page->limit = KPID_PAGE_DEFAULT;
    const char *limit = kpid_http_query(req, "limit");
    if (limit != NULL) {
        char *end;
        long v = strtol(limit, &end, 10);
        if (*limit == '\0' || *end != '\0' || v < 1 || v > KPID_PAGE_MAX)
            return kpid_http_problem(req, 422, "validation", NULL,
                                     "limit must be a whole number from 1 to %d", KPID_PAGE_MAX);
        page->limit = (int)v;
    }
    snprintf(page->limit_plus_one, sizeof page->limit_plus_one, "%d", page->limit + 1);
    const char *cursor = kpid_http_query(req, "cursor");
    if (cursor != NULL) {
        if (!decode_cursor(cursor, page))
            return kpid_http_problem(req, 422, "validation", NULL,
                                     "cursor is not one this service issued");
        page->has_cursor = true;
    }
    return KPID_OK;
}

json_t *kpid_page_envelope(json_t *items, const struct kpid_page *page, const char *key0,
                           const char *key1)
{
    json_t *next = json_null();
    if (json_array_size(items) > (size_t)page->limit) {
        json_array_remove(items, (size_t)page->limit);
        json_decref(next);
        next = encode_cursor(key0, key1);
    }
    return json_pack("{s:o,s:o}", "items", items, "next_cursor", next);
}
