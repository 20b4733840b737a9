/* Builds the JSON representation of a webhook source from its row. */
#include "kpid/handlers/sources_row.h"

#include "kpid/json/json_out.h"

#include <stdio.h>
#include <string.h>

json_t *kpid_source_row(const PGresult *res, int i)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/webhooks/%s", PQgetvalue(res, i, 0));
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:o,s:o}", "id", PQgetvalue(res, i, 0),
                     "name", PQgetvalue(res, i, 1), "payload", PQgetvalue(res, i, 2), "target",
                     PQgetvalue(res, i, 3), "signed", kpid_json_bool(PQgetvalue(res, i, 4)),
                     "rotating", kpid_json_bool(PQgetvalue(res, i, 5)), "token_set",
                     kpid_json_bool(PQgetvalue(res, i, 6)), "field_map",
                     kpid_json_parse(PQgetvalue(res, i, 7)), "webhook_path", path, "created_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 8)), "updated_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 9)));
}

bool kpid_source_name_valid(const char *name)
{
    size_t n = strlen(name);
    return n >= 1 && n <= 64 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}
