/* Evaluates RFC 6901 JSON pointers over jansson documents. */
#include "kpid/webhook/pointer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kpid_pointer_valid(const char *ptr, size_t len)
{
    if (len > 0 && ptr[0] != '/')
        return false;
    for (size_t i = 0; i < len; i++)
        if (ptr[i] == '~' && (i + 1 == len || (ptr[i + 1] != '0' && ptr[i + 1] != '1')))
            return false;
    return true;
}

/* Unescapes the token tok[0..n) into buf (n + 1 bytes); returns its length. */
static size_t unescape(const char *tok, size_t n, char *buf)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (tok[i] == '~') {
            buf[o++] = tok[i + 1] == '0' ? '~' : '/';
            i++;
        } else {
            buf[o++] = tok[i];
        }
    }
    buf[o] = '\0';
    return o;
}

/* The array index a token names, or -1 ("0", or digits without a leading zero). */
static long long array_index(const char *tok, size_t n)
{
    if (n == 0 || n > 18 || (n > 1 && tok[0] == '0'))
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            return -1;
        v = v * 10 + (tok[i] - '0');
    }
    return v;
}

/* The first object of array whose member `name` (a string, or a number's decimal text) is
 * `value`: the selector token "name=value" (already unescaped, len characters). */
static json_t *select_element(json_t *array, const char *tok, size_t len)
{
    const char *eq = memchr(tok, '=', len);
    if (eq == NULL)
        return NULL;
    size_t name_len = (size_t)(eq - tok), value_len = len - name_len - 1;
    size_t i;
    json_t *el;
    json_array_foreach(array, i, el)
    {
        json_t *m = json_object_getn(el, tok, name_len);
        char num[32];
        const char *text = json_is_string(m) ? json_string_value(m) : NULL;
        size_t text_len = text ? json_string_length(m) : 0;
        if (json_is_integer(m)) {
            text_len =
                (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(m));
            text = num;
        }
        if (text != NULL && text_len == value_len && memcmp(text, eq + 1, value_len) == 0)
            return el;
    }
    return NULL;
}

json_t *kpid_pointer_get(const json_t *doc, const char *ptr, size_t len)
{
    if (!kpid_pointer_valid(ptr, len))
        return NULL;
    char *buf = malloc(len + 1);
    if (buf == NULL)
        return NULL;
    json_t *at = (json_t *)(uintptr_t)doc;
    size_t i = 0;
    while (at != NULL && i < len) {
        const char *tok = ptr + i + 1;
        const char *slash = memchr(tok, '/', len - i - 1);
        size_t n = slash ? (size_t)(slash - tok) : len - i - 1;
        if (json_is_object(at)) {
            size_t klen = unescape(tok, n, buf);
            at = json_object_getn(at, buf, klen);
        } else if (json_is_array(at)) {
            long long idx = array_index(tok, n);
            at = idx >= 0 ? json_array_get(at, (size_t)idx)
                          : select_element(at, buf, unescape(tok, n, buf));
        } else {
            at = NULL;
        }
        i += n + 1;
    }
    free(buf);
    return at;
}
