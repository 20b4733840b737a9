/* Formatted requests and small lookups for the ingest API suites. */
#include "ingest_util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct api_response *api_sendf(const char *method, const char *path, const char *key,
                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0);
    char *body = malloc((size_t)n + 1);
    ck_assert(body != NULL);
    va_start(ap, fmt);
    vsnprintf(body, (size_t)n + 1, fmt, ap);
    va_end(ap);
    const char *type =
        strcmp(method, "PATCH") == 0 ? "application/merge-patch+json" : "application/json";
    struct api_response *r = api_request(method, path, key, type, body);
    free(body);
    return r;
}

char *ingest_workspace(const char *name)
{
    return api_new_workspace_key(name, "admin");
}

char *ingest_created_id(struct api_response *r)
{
    api_assert_status(r, 201);
    char *id = strdup(api_json_string(r, "/id"));
    api_response_free(r);
    return id;
}

const char *ingest_path(const char *collection, const char *id)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", collection, id);
    return path;
}

bool ingest_has_error(const struct api_response *r, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(api_json_at(r, "/errors"), i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f != NULL && strcmp(f, field) == 0)
            return true;
    }
    return false;
}

long ingest_count(const char *table, const char *workspace)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM %s t JOIN workspaces w ON w.id = t.workspace_id"
             " WHERE w.name = $1",
             strcmp(table, "deals") == 0 ? "deals" : "leads");
    char *v = api_sql_value(sql, workspace);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

char *ingest_sql_on(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    ck_assert_msg(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql,
                  PQresultErrorMessage(res));
    char *v = st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? strdup(PQgetvalue(res, 0, 0)) : NULL;
    PQclear(res);
    return v;
}

long ingest_statement_pages(PGconn *conn, const char *file, const char *args)
{
    char *statement = api_read_file(file, NULL);
    size_t size = strlen(statement) + 32;
    char *sql = malloc(size);
    ck_assert(sql != NULL);
    snprintf(sql, size, "PREPARE measured AS %s", statement);
    free(statement);
    free(ingest_sql_on(conn, sql));
    free(sql);
    char explain[200];
    snprintf(explain, sizeof explain,
             "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE measured(%s)", args);
    char *plan = ingest_sql_on(conn, explain);
    free(ingest_sql_on(conn, "DEALLOCATE measured"));
    json_t *doc = json_loads(plan, 0, NULL);
    ck_assert_msg(doc != NULL, "EXPLAIN of %s: %s", file, plan);
    json_t *top = json_object_get(json_array_get(doc, 0), "Plan");
    long pages = 0;
    const char *counts[] = {"Shared Hit Blocks", "Shared Read Blocks", "Local Hit Blocks",
                            "Local Read Blocks"};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        pages += (long)json_integer_value(json_object_get(top, counts[i]));
    json_decref(doc);
    free(plan);
    return pages;
}
