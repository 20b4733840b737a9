/* Resolves periods (stored or not) and as_of in the workspace time zone, in one query. */
#include "kpid/kpis/results_frame.h"

#include "kpid/ingest/pg_array.h"
#include "kpid/store/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the instants of every frame and the moment from the n rows of res. */
static enum kpid_db_status read_frames(const kpid_result *res, size_t n, struct kpid_frames *out)
{
    if (kpid_result_rows(res) != (int)n || n == 0)
        return KPID_DB_ERROR;
    for (int r = 0; r < (int)n; r++) {
        struct kpid_frame *f = &out->items[r];
        kpid_result_copy(res, r, "starts_at", f->span.starts_at, sizeof f->span.starts_at);
        kpid_result_copy(res, r, "ends_at", f->span.ends_at, sizeof f->span.ends_at);
        f->stored = kpid_result_bool(res, r, "stored");
        f->closed = kpid_result_bool(res, r, "closed");
    }
    kpid_result_copy(res, 0, "as_of", out->as_of, sizeof out->as_of);
    const char *local = kpid_result_text(res, 0, "as_of_local");
    out->as_of_local = local ? strtoll(local, NULL, 10) : 0;
    out->n = n;
    return KPID_DB_OK;
}

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
    const char *id_list = kpid_pg_array_text(&ids), *start_list = kpid_pg_array_text(&starts),
               *end_list = kpid_pg_array_text(&ends);
    enum kpid_db_status st = KPID_DB_ERROR;
    kpid_result *res = NULL;
    if (id_list != NULL && start_list != NULL && end_list != NULL)
        res = kpid_store_period_frame_list(db, workspace_id, id_list, start_list, end_list, as_of,
                                           &st);
    if (res != NULL) {
        st = read_frames(res, n, out);
        kpid_result_free(res);
    }
    kpid_pg_array_free(&ids);
    kpid_pg_array_free(&starts);
    kpid_pg_array_free(&ends);
    if (st != KPID_DB_OK)
        kpid_frames_free(out);
    return st;
}
