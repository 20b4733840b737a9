/* Requests and assertions the results API suites share: 2xx writes, 200 reads, numbers and
 * texts inside a result. */
#include "results_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *post_ok(const char *key, const char *path, const char *json)
{
    static char id[64];
    struct api_response *r = api_post_json(path, key, json);
    ck_assert_msg(r->status == 200 || r->status == 201, "POST %s: %ld %s", path, r->status,
                  r->body);
    const char *got = api_json_string(r, "/id");
    snprintf(id, sizeof id, "%s", got ? got : "");
    api_response_free(r);
    return id;
}

void put_ok(const char *key, const char *path, const char *json)
{
    struct api_response *r = api_request("PUT", path, key, "application/json", json);
    ck_assert_msg(r->status == 200 || r->status == 201, "PUT %s: %ld %s", path, r->status, r->body);
    api_response_free(r);
}

struct api_response *get_ok(const char *key, const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    struct api_response *r = api_get(path, key);
    api_assert_status(r, 200);
    return r;
}

json_t *result_of(const struct api_response *r, const char *code)
{
    size_t i;
    json_t *item;
    json_array_foreach(api_json_at(r, "/results"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "kpi")), code) == 0)
            return item;
    }
    ck_abort_msg("%s: no result for %s in %.400s", r->path, code, r->body);
    return NULL;
}

/* The member at a slash-separated path inside obj ("target/plan", "items/0/fact"), or NULL. */
static const json_t *member_at(const json_t *obj, const char *member)
{
    char path[128];
    snprintf(path, sizeof path, "%s", member);
    const json_t *v = obj;
    char *save = NULL;
    for (char *part = strtok_r(path, "/", &save); part != NULL && v != NULL;
         part = strtok_r(NULL, "/", &save))
        v = json_is_array(v) ? json_array_get(v, strtoul(part, NULL, 10))
                             : json_object_get(v, part);
    return v;
}

void assert_number(const json_t *obj, const char *what, const char *member, double expected)
{
    const json_t *v = member_at(obj, member);
    if (isnan(expected)) {
        ck_assert_msg(json_is_null(v), "%s %s: expected null", what, member);
        return;
    }
    ck_assert_msg(json_is_number(v), "%s %s: not a number", what, member);
    double got = json_number_value(v);
    ck_assert_msg(fabs(got - expected) <= 1e-9 * fmax(1.0, fabs(expected)),
                  "%s %s: %.17g, expected %.17g", what, member, got, expected);
}

void assert_text(const json_t *obj, const char *what, const char *member, const char *expected)
{
    const char *got = json_string_value(member_at(obj, member));
    ck_assert_msg(got != NULL && strcmp(got, expected) == 0, "%s %s: %s, expected %s", what, member,
                  got ? got : "(none)", expected);
}
