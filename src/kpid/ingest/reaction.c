/* Fetches local times in one query, computes working minutes in C, writes them in one UPDATE. */
#include "kpid/ingest/reaction.h"

#include "kpid/ingest/calendar_json.h"
#include "kpid/ingest/pg_array.h"

#include <stdio.h>
#include <stdlib.h>

KPID_DB_STMT(local_times_of, "reaction_local_times_of");
KPID_DB_STMT(local_times_all, "reaction_local_times_all");
KPID_DB_STMT(store_minutes, "reaction_minutes_store");

/* The local times of documents that set both instants ($2: a JSON array with "ord"). */
KPID_DB_STMT(local_times_docs, "reaction_local_times_docs");

static kpi_calendar *calendar_of(const struct kpid_settings *s)
{
    json_t *errors = json_array();
    kpi_calendar *cal = kpid_calendar_from_json(s->calendar, "/calendar", errors);
    json_decref(errors);
    return cal; /* NULL only when out of memory: stored calendars were validated */
}

/* Working minutes between two local times as PostgreSQL wrote them. */
static double minutes_between(const kpi_calendar *cal, const char *from, const char *to)
{
    return kpi_calendar_working_minutes(cal, strtoll(from, NULL, 10), strtoll(to, NULL, 10));
}

enum kpid_db_status kpid_reaction_of_docs(struct kpid_db *db, const struct kpid_settings *s,
                                          json_t *const *docs, size_t n)
{
    json_t *batch = json_array();
    for (size_t i = 0; i < n; i++)
        if (docs[i] != NULL && json_object_get(docs[i], "created_at") &&
            json_object_get(docs[i], "first_contact_at")) {
            json_object_set_new(docs[i], "ord", json_integer((json_int_t)i));
            json_array_append(batch, docs[i]);
        }
    size_t count = json_array_size(batch);
    char *text = count ? json_dumps(batch, JSON_COMPACT) : NULL;
    json_decref(batch);
    if (count == 0)
        return KPID_DB_OK;
    kpi_calendar *cal = calendar_of(s);
    if (text == NULL || cal == NULL) {
        free(text);
        kpi_calendar_free(cal);
        return KPID_DB_ERROR;
    }
    const char *params[] = {s->timezone, text};
    enum kpid_db_status st;
    PGresult *res = kpid_db_exec(db, &local_times_docs, 2, params, &st);
    free(text);
    for (int r = 0; res != NULL && r < PQntuples(res); r++) {
        size_t i = strtoul(PQgetvalue(res, r, 0), NULL, 10);
        if (i < n && docs[i] != NULL)
            json_object_set_new(docs[i], "reaction_minutes",
                                PQgetisnull(res, r, 2)
                                    ? json_null()
                                    : json_real(minutes_between(cal, PQgetvalue(res, r, 1),
                                                                PQgetvalue(res, r, 2))));
    }
    PQclear(res);
    kpi_calendar_free(cal);
    return st;
}

enum kpid_db_status kpid_reaction_update(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_settings *s, const char *ids)
{
    kpi_calendar *cal = calendar_of(s);
    if (cal == NULL)
        return KPID_DB_ERROR;

    const char *params[] = {workspace_id, s->timezone, ids};
    enum kpid_db_status st;
    PGresult *res = ids ? kpid_db_exec(db, &local_times_of, 3, params, &st)
                        : kpid_db_exec(db, &local_times_all, 2, params, &st);
    if (res == NULL) {
        kpi_calendar_free(cal);
        return st;
    }
    struct kpid_pg_array id_list = {0}, minutes = {0};
    for (int i = 0; i < PQntuples(res); i++) {
        char text[32];
        const char *value = NULL;
        if (!PQgetisnull(res, i, 2)) {
            snprintf(text, sizeof text, "%.17g",
                     minutes_between(cal, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2)));
            value = text;
        }
        kpid_pg_array_add(&id_list, PQgetvalue(res, i, 0));
        kpid_pg_array_add(&minutes, value);
    }
    PQclear(res);
    kpi_calendar_free(cal);
    const char *update[] = {workspace_id, kpid_pg_array_text(&id_list),
                            kpid_pg_array_text(&minutes)};
    if (update[1] == NULL || update[2] == NULL)
        st = KPID_DB_ERROR;
    else if ((res = kpid_db_exec(db, &store_minutes, 3, update, &st)) != NULL)
        PQclear(res);
    kpid_pg_array_free(&id_list);
    kpid_pg_array_free(&minutes);
    return st;
}
