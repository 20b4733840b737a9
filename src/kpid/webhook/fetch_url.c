/* Checks a source's fetch URL with libcurl's URL parser and builds request URLs from it. */
#include "kpid/webhook/fetch_url.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the part of h is set (a part absent is CURLUE_NO_<part>). */
static bool has_part(CURLU *h, CURLUPart part)
{
    char *value = NULL;
    bool set = curl_url_get(h, part, &value, 0) == CURLUE_OK;
    curl_free(value);
    return set;
}

bool kpid_fetch_url_valid(const char *url, bool allow_http, char *why, size_t why_size)
{
    CURLU *h = curl_url();
    char *scheme = NULL;
    const char *problem = NULL;
    if (h == NULL || strlen(url) > 2000 || curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
        problem = "must be an absolute URL";
    else if (strcmp(scheme, "https") != 0 && !(allow_http && strcmp(scheme, "http") == 0))
        problem = allow_http ? "must be an http or https URL"
                             : "must be an https URL (allow_http: true for a local test endpoint)";
    else if (!has_part(h, CURLUPART_HOST))
        problem = "must name a host";
    else if (has_part(h, CURLUPART_USER) || has_part(h, CURLUPART_QUERY) ||
             has_part(h, CURLUPART_FRAGMENT))
        problem = "must have no user name, query or fragment";
    if (problem != NULL)
        snprintf(why, why_size, "%s", problem);
    curl_free(scheme);
    curl_url_cleanup(h);
    return problem == NULL;
}

bool kpid_fetch_id_valid(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    return n >= 1 && n <= 19 && strspn(id, "0123456789") == n;
}

char *kpid_fetch_url_build(const char *base, const char *path, const char *id)
{
    if (!kpid_fetch_id_valid(id))
        return NULL;
    size_t base_len = strlen(base), id_len = strlen(id);
    while (base_len > 0 && base[base_len - 1] == '/')
        base_len--;
    size_t size = base_len + 2 + strlen(path) * (id_len + 1) + 1;
    char *url = malloc(size);
    if (url == NULL)
        return NULL;
    size_t used = (size_t)snprintf(url, size, "%.*s/", (int)base_len, base);
    for (const char *p = path; *p;) {
        if (strncmp(p, "{id}", 4) == 0) {
            memcpy(url + used, id, id_len);
            used += id_len, p += 4;
        } else
            url[used++] = *p++;
    }
    url[used] = '\0';
    return url;
}
