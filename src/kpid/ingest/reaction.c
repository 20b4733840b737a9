/* Fetches local times in one query, computes working minutes in C, writes them in one UPDATE. */
#include "kpid/ingest/reaction.h"

#include "kpid/ingest/calendar_json.h"
#include "kpid/ingest/pg_array.h"

#include <stdio.h>
#include <stdlib.h>

#define LOCAL_TIMES                                                                                \
    "SELECT id, floor(extract(epoch FROM created_at AT TIME ZONE $2)),"                            \
    " floor(extract(epoch FROM first_contact_at AT TIME ZONE $2)) FROM leads"                      \
    " WHERE workspace_id = $1::uuid"

KPID_DB_STMT(local_times_of, LOCAL_TIMES " AND id = ANY($3::uuid[])");
KPID_DB_STMT(local_times_all, LOCAL_TIMES " AND first_contact_at IS NOT NULL");
KPID_DB_STMT(store_minutes, "UPDATE leads l SET reaction_minutes = u.minutes, updated_at = now()"
                            " FROM unnest($2::uuid[], $3::float8[]) AS u(id, minutes)"
                            " WHERE l.workspace_id = $1::uuid AND l.id = u.id"
                            " AND l.reaction_minutes IS DISTINCT FROM u.minutes");

enum kpid_db_status kpid_reaction_update(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_settings *s, const char *ids)
{
    json_t *errors = json_array();
    kpi_calendar *cal = kpid_calendar_from_json(s->calendar, "/calendar", errors);
    json_decref(errors);
    if (cal == NULL)
        return KPID_DB_ERROR; /* stored calendars were validated when they were set */

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
            kpi_local_time from = strtoll(PQgetvalue(res, i, 1), NULL, 10);
            kpi_local_time to = strtoll(PQgetvalue(res, i, 2), NULL, 10);
            snprintf(text, sizeof text, "%.17g", kpi_calendar_working_minutes(cal, from, to));
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
