/* Resolves periods (stored or not) and as_of in the workspace time zone, in one query. */
#include "kpid/kpis/results_frame.h"

#include "kpid/ingest/pg_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KPID_DB_STMT(select_frames, "period_frame_list");

void kpid_frames_free(struct kpid_frames *f)
{
    free(f->items);
    memset(f, 0, sizeof *f);
}

enum kpid_db_status kpid_frames_load(struct kpid_db *db, const char *workspace_id,
                                     const kpi_period *periods, size_t n, const char *as_of,
                                     struct kpid_frames *out)
{
    memset(out, 0, sizeof *out);
    out->items = calloc(n > 0 ? n : 1, sizeof *out->items);
    if (out->items == NULL)
        return KPID_DB_ERROR;
    struct kpid_pg_array ids = {0}, starts = {0}, ends = {0};
    for (size_t i = 0; i < n; i++) {
        struct kpid_frame *f = &out->items[i];
        f->period = periods[i];
        kpi_period_format(&periods[i], f->id);
        kpi_date_format(kpi_period_start(&periods[i]), f->span.start);
        kpi_date_format(kpi_period_end(&periods[i]), f->span.end);
        kpid_pg_array_add(&ids, f->id);
        kpid_pg_array_add(&starts, f->span.start);
        kpid_pg_array_add(&ends, f->span.end);
    }
    const char *params[] = {workspace_id, kpid_pg_array_text(&ids), kpid_pg_array_text(&starts),
                            kpid_pg_array_text(&ends), as_of};
    enum kpid_db_status st = KPID_DB_ERROR;
    PGresult *res = NULL;
    if (params[1] != NULL && params[2] != NULL && params[3] != NULL)
        res = kpid_db_exec(db, &select_frames, 5, params, &st);
    if (res != NULL) {
        st = PQntuples(res) == (int)n && n > 0 ? KPID_DB_OK : KPID_DB_ERROR;
        for (int r = 0; st == KPID_DB_OK && r < (int)n; r++) {
            struct kpid_frame *f = &out->items[r];
            snprintf(f->span.starts_at, sizeof f->span.starts_at, "%s", PQgetvalue(res, r, 1));
            snprintf(f->span.ends_at, sizeof f->span.ends_at, "%s", PQgetvalue(res, r, 2));
            f->stored = PQgetvalue(res, r, 3)[0] == 't';
            f->closed = PQgetvalue(res, r, 4)[0] == 't';
        }
        if (st == KPID_DB_OK) {
            snprintf(out->as_of, sizeof out->as_of, "%s", PQgetvalue(res, 0, 5));
            out->as_of_local = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
            out->n = n;
        }
        PQclear(res);
    }
    kpid_pg_array_free(&ids);
    kpid_pg_array_free(&starts);
    kpid_pg_array_free(&ends);
    if (st != KPID_DB_OK)
        kpid_frames_free(out);
    return st;
}
