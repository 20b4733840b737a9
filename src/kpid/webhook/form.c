/* Decodes application/x-www-form-urlencoded bodies and matches their bracketed keys. */
#include "kpid/webhook/form.h"

#include "kpid/hex.h"

#include <stdlib.h>
#include <string.h>

/* Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), no NUL. */
static bool utf8_text(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t more;
        unsigned min;
        unsigned cp;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1, min = 0x80, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2, min = 0x800, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i - 1 < more)
            return false;
        for (size_t k = 1; k <= more; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += more + 1;
    }
    return true;
}

/* Decodes src[0..n) into dst (room for n bytes); returns the decoded length or -1. */
static long decode(const char *src, size_t n, char *dst)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '+') {
            dst[o++] = ' ';
        } else if (src[i] == '%') {
            int byte = i + 2 < n ? kpid_hex_byte(src + i + 1) : -1;
            if (byte < 0)
                return -1;
            dst[o++] = (char)byte;
            i += 2;
        } else {
            dst[o++] = src[i];
        }
    }
    return (long)o;
}

void kpid_form_free(struct kpid_form *form)
{
    free(form->pairs);
    free(form->text);
    form->pairs = NULL;
    form->text = NULL;
    form->n = 0;
}

enum kpid_form_status kpid_form_parse(const char *body, size_t len, size_t max_fields,
                                      struct kpid_form *out)
{
    memset(out, 0, sizeof *out);
    size_t fields = 0;
    for (size_t i = 0; i < len;) {
        const char *amp = memchr(body + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - body) : len;
        if (end > i && ++fields > max_fields)
            return KPID_FORM_TOO_MANY;
        i = end + 1;
    }
    /* decoding never grows the text; each field needs room for two NULs (key and value),
     * which a bare key ("a&b", no '=') does not bring with it */
    out->text = malloc(len + 2 * fields + 1);
    out->pairs = calloc(fields ? fields : 1, sizeof *out->pairs);
    if (out->text == NULL || out->pairs == NULL) {
        kpid_form_free(out);
        return KPID_FORM_NO_MEMORY;
    }
    char *w = out->text;
    enum kpid_form_status status = KPID_FORM_OK;
    for (size_t i = 0; i < len && status == KPID_FORM_OK;) {
        const char *amp = memchr(body + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - body) : len;
        if (end > i) {
            const char *eq = memchr(body + i, '=', end - i);
            size_t key_end = eq ? (size_t)(eq - body) : end;
            size_t value_start = eq ? key_end + 1 : end;
            long klen = decode(body + i, key_end - i, w);
            long vlen = klen < 0 ? -1 : decode(body + value_start, end - value_start, w + klen + 1);
            if (klen < 0 || vlen < 0) {
                status = KPID_FORM_BAD_ESCAPE;
            } else if (!utf8_text((unsigned char *)w, (size_t)klen) ||
                       !utf8_text((unsigned char *)w + klen + 1, (size_t)vlen)) {
                status = KPID_FORM_BAD_TEXT;
            } else {
                w[klen] = '\0';
                w[klen + 1 + vlen] = '\0';
                out->pairs[out->n].key = w;
                out->pairs[out->n].value = w + klen + 1;
                out->n++;
                w += klen + vlen + 2;
            }
        }
        i = end + 1;
    }
    if (status != KPID_FORM_OK)
        kpid_form_free(out);
    return status;
}

const char *kpid_form_status_text(enum kpid_form_status status)
{
    switch (status) {
    case KPID_FORM_OK:
        return "ok";
    case KPID_FORM_TOO_MANY:
        return "the form has too many fields";
    case KPID_FORM_BAD_ESCAPE:
        return "the form has a '%' not followed by two hex digits";
    case KPID_FORM_BAD_TEXT:
        return "the form has a key or value that is not UTF-8 text";
    case KPID_FORM_NO_MEMORY:
        return "out of memory";
    }
    return "unknown form status";
}

const char *kpid_form_get(const struct kpid_form *form, const char *key)
{
    for (size_t i = 0; i < form->n; i++)
        if (strcmp(form->pairs[i].key, key) == 0)
            return form->pairs[i].value;
    return NULL;
}

/* The length of key[0..len)'s name part when it is valid, else 0. */
static size_t name_length(const char *key, size_t len)
{
    size_t i = 0;
    while (i < len && key[i] != '[') {
        if (key[i] == ']')
            return 0;
        i++;
    }
    return i;
}

/* The length of the "[segment]" at s[0..len) (brackets included), or 0 when there is none. */
static size_t segment_length(const char *s, size_t len)
{
    if (len < 2 || s[0] != '[')
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] == ']')
            return i + 1;
        if (s[i] == '[')
            return 0;
    }
    return 0;
}

bool kpid_form_key_valid(const char *key, size_t len)
{
    size_t i = name_length(key, len);
    if (i == 0)
        return false;
    while (i < len) {
        size_t seg = segment_length(key + i, len - i);
        if (seg == 0)
            return false;
        i += seg;
    }
    return true;
}

size_t kpid_form_key_prefix(const char *key, size_t key_len, const char *pattern,
                            size_t pattern_len)
{
    if (!kpid_form_key_valid(key, key_len) || !kpid_form_key_valid(pattern, pattern_len))
        return 0;
    size_t kn = name_length(key, key_len), pn = name_length(pattern, pattern_len);
    if (kn != pn || memcmp(key, pattern, kn) != 0)
        return 0;
    size_t k = kn, p = pn;
    while (p < pattern_len) {
        if (k == key_len)
            return 0;
        size_t pseg = segment_length(pattern + p, pattern_len - p);
        size_t kseg = segment_length(key + k, key_len - k);
        bool any = pseg == 3 && pattern[p + 1] == '*';
        if (!(any && kseg > 2) && (pseg != kseg || memcmp(pattern + p, key + k, pseg) != 0))
            return 0;
        p += pseg;
        k += kseg;
    }
    return k;
}
