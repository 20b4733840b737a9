/* Rewrites the number tokens of a jansson dump into their shortest round-trip form. */
#include "kpid/json/json_dump.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the shortest %.Ng (N = 15..17) of x that parses back to x, keeping a real a real. */
static int shortest(double x, char *out, size_t size)
{
    int n = 0;
    for (int precision = 15; precision <= 17; precision++) {
        n = snprintf(out, size, "%.*g", precision, x);
        if (strtod(out, NULL) == x)
            break;
    }
    if (strpbrk(out, ".eEn") == NULL && (size_t)n + 2 < size) {
        strcpy(out + n, ".0"); /* 2.0 stays recognisably a real, as jansson writes it */
        n += 2;
    }
    return n;
}

char *kpid_json_dumps(const json_t *v)
{
    char *raw = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (raw == NULL)
        return NULL;
    size_t len = strlen(raw);
    /* shortest forms are never longer than jansson's 17-digit ones */
    char *out = malloc(len + 1);
    if (out == NULL) {
        free(raw);
        return NULL;
    }
    size_t o = 0;
    bool in_string = false;
    for (size_t i = 0; i < len;) {
        char c = raw[i];
        if (in_string) {
            out[o++] = c;
            i++;
            if (c == '\\' && i < len)
                out[o++] = raw[i++];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            out[o++] = raw[i++];
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = i;
            bool real = false;
            while (end < len && strchr("+-0123456789.eE", raw[end]) != NULL) {
                real = real || strchr(".eE", raw[end]) != NULL;
                end++;
            }
            if (real) {
                char buf[40];
                o += (size_t)shortest(strtod(raw + i, NULL), buf, sizeof buf);
                memcpy(out + o - strlen(buf), buf, strlen(buf));
            } else {
                memcpy(out + o, raw + i, end - i);
                o += end - i;
            }
            i = end;
            continue;
        }
        out[o++] = raw[i++];
    }
    out[o] = '\0';
    free(raw);
    return out;
}
