/* Removes a form body's credential fields ("auth[application_token]=...") before it is stored. */
#include "kpid/webhook/form.h"

#include <stdlib.h>
#include <string.h>

/* Whether the raw field piece[0..len) has a key whose name (before any "[") is name. */
static bool named(const char *piece, size_t len, const char *name)
{
    struct kpid_form one;
    if (kpid_form_parse(piece, len, 1, &one) != KPID_FORM_OK)
        return false;
    bool match = false;
    if (one.n == 1) {
        const char *key = one.pairs[0].key;
        size_t n = strcspn(key, "[");
        match = n == strlen(name) && memcmp(key, name, n) == 0;
    }
    kpid_form_free(&one);
    return match;
}

char *kpid_form_without(const char *body, size_t len, const char *name, size_t *out_len)
{
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        const char *amp = memchr(body + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - body) : len;
        if (end > i && !named(body + i, end - i, name)) {
            if (o > 0)
                out[o++] = '&';
            memcpy(out + o, body + i, end - i);
            o += end - i;
        }
        i = end + 1;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}
