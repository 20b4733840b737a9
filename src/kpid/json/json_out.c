/* Turns PostgreSQL's text output into JSON values in the formats the API promises. */
#include "kpid/json/json_out.h"

#include <stdlib.h>
#include <string.h>

json_t *kpid_json_timestamp(const char *pg)
{
    if (pg == NULL)
        return json_null();
    char buf[48];
    size_t n = strlen(pg);
    /* only "YYYY-MM-DD hh:mm:ss..." can be written as RFC 3339: a year of five digits or
     * BC (stored before input was checked for it) is no timestamp the API can show */
    if (n < 19 || n >= sizeof buf - 1 || pg[4] != '-' || pg[10] != ' ' || strstr(pg, "BC"))
        return json_null();
    memcpy(buf, pg, n + 1);
    buf[10] = 'T';
    /* sessions use TIME ZONE 'UTC', so the offset is always "+00" */
    if (n >= 3 && strcmp(buf + n - 3, "+00") == 0)
        strcpy(buf + n - 3, "Z");
    return json_string(buf);
}

json_t *kpid_json_text(const char *pg)
{
    return pg ? json_string(pg) : json_null();
}

json_t *kpid_json_number(const char *pg)
{
    if (pg == NULL)
        return json_null();
    if (strpbrk(pg, ".eE") == NULL || strcmp(pg + strcspn(pg, "."), ".00") == 0)
        return json_integer(strtoll(pg, NULL, 10));
    return json_real(strtod(pg, NULL));
}

json_t *kpid_json_bool(const char *pg)
{
    if (pg == NULL)
        return json_null();
    return json_boolean(pg[0] == 't');
}

json_t *kpid_json_parse(const char *pg)
{
    if (pg == NULL)
        return json_null();
    json_t *v = json_loads(pg, JSON_DECODE_ANY, NULL);
    return v ? v : json_null();
}

json_t *kpid_json_text_array(const char *pg)
{
    json_t *arr = json_array();
    if (pg == NULL || pg[0] != '{')
        return arr;
    const char *p = pg + 1;
    while (*p != '\0' && *p != '}') {
        size_t n = strcspn(p, ",}");
        json_array_append_new(arr, json_stringn(p, n));
        p += n;
        if (*p == ',')
            p++;
    }
    return arr;
}
