/* Fetches local times in one query, computes working minutes in C, writes them in one UPDATE. */
#include "kpid/ingest/reaction.h"

#include "kpid/ingest/calendar_json.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/store/lead.h"

#include <stdio.h>
#include <stdlib.h>

static kpi_calendar *calendar_of(const struct kpid_settings *s)
{
    json_t *errors = json_array();
    kpi_calendar *cal = kpid_calendar_from_json(s->calendar, "/calendar", errors);
    json_decref(errors);
    return cal; /* NULL only when out of memory: stored calendars were validated */
}

/* The columns of a local-times result, looked up once per result. */
struct local_times {
    const kpid_result *res;
    int key, created, contacted;
};

static struct local_times local_times(const kpid_result *res, const char *key)
{
    return (struct local_times){res, kpid_result_column(res, key),
                                kpid_result_column(res, "created_local"),
                                kpid_result_column(res, "contacted_local")};
}

/* Whether row r was contacted; then *minutes are the working minutes up to the contact. */
static bool minutes_of(const struct local_times *t, const kpi_calendar *cal, int r, double *minutes)
{
    const char *from = kpid_result_value(t->res, r, t->created);
    const char *to = kpid_result_value(t->res, r, t->contacted);
    if (from == NULL || to == NULL)
        return false;
    *minutes = kpi_calendar_working_minutes(cal, strtoll(from, NULL, 10), strtoll(to, NULL, 10));
    return true;
}

/* The documents that set both instants, each with its "ord", as JSON text; *count of them. */
static char *timed_docs(json_t *const *docs, size_t n, size_t *count)
{
    json_t *batch = json_array();
    for (size_t i = 0; i < n; i++)
        if (docs[i] != NULL && json_object_get(docs[i], "created_at") &&
            json_object_get(docs[i], "first_contact_at")) {
            json_object_set_new(docs[i], "ord", json_integer((json_int_t)i));
            json_array_append(batch, docs[i]);
        }
    *count = json_array_size(batch);
    char *text = *count ? json_dumps(batch, JSON_COMPACT) : NULL;
    json_decref(batch);
    return text;
}

enum kpid_db_status kpid_reaction_of_docs(struct kpid_db *db, const struct kpid_settings *s,
                                          json_t *const *docs, size_t n)
{
    size_t count;
    char *text = timed_docs(docs, n, &count);
    if (count == 0)
        return KPID_DB_OK;
    kpi_calendar *cal = text ? calendar_of(s) : NULL;
    enum kpid_db_status st = KPID_DB_ERROR;
    kpid_result *res = cal ? kpid_store_lead_local_times_docs(db, s->timezone, text, &st) : NULL;
    free(text);
    struct local_times t = res ? local_times(res, "ord") : (struct local_times){0};
    for (int r = 0; res != NULL && r < kpid_result_rows(res); r++) {
        size_t i = strtoul(kpid_result_value(res, r, t.key), NULL, 10);
        double minutes;
        if (i < n && docs[i] != NULL)
            json_object_set_new(docs[i], "reaction_minutes",
                                minutes_of(&t, cal, r, &minutes) ? json_real(minutes)
                                                                 : json_null());
    }
    kpid_result_free(res);
    kpi_calendar_free(cal);
    return st;
}

/* The ids and minutes of the local-times rows as two array literals. */
static void minutes_arrays(const kpid_result *res, const kpi_calendar *cal,
                           struct kpid_pg_array *ids, struct kpid_pg_array *minutes)
{
    struct local_times t = local_times(res, "id");
    for (int r = 0; r < kpid_result_rows(res); r++) {
        char text[32];
        double m;
        bool contacted = minutes_of(&t, cal, r, &m);
        if (contacted)
            snprintf(text, sizeof text, "%.17g", m);
        kpid_pg_array_add(ids, kpid_result_value(res, r, t.key));
        kpid_pg_array_add(minutes, contacted ? text : NULL);
    }
}

enum kpid_db_status kpid_reaction_update(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_settings *s, const char *ids)
{
    kpi_calendar *cal = calendar_of(s);
    if (cal == NULL)
        return KPID_DB_ERROR;
    enum kpid_db_status st;
    kpid_result *res = kpid_store_lead_local_times(db, workspace_id, s->timezone, ids, &st);
    if (res == NULL) {
        kpi_calendar_free(cal);
        return st;
    }
    struct kpid_pg_array id_list = {0}, minutes = {0};
    minutes_arrays(res, cal, &id_list, &minutes);
    kpid_result_free(res);
    kpi_calendar_free(cal);
    const char *id_text = kpid_pg_array_text(&id_list);
    const char *minutes_text = kpid_pg_array_text(&minutes);
    st = id_text && minutes_text
             ? kpid_store_lead_reaction_store(db, workspace_id, id_text, minutes_text)
             : KPID_DB_ERROR;
    kpid_pg_array_free(&id_list);
    kpid_pg_array_free(&minutes);
    return st;
}
