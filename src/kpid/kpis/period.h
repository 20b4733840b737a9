/* Periods as stored in the periods table: define (upsert), load, list, render as JSON. */
#ifndef KPID_KPIS_PERIOD_H
#define KPID_KPIS_PERIOD_H

/*
 * Owner: the definitions API (handlers periods.c). Used read-only by the results side
 * (results, scorecards, series, close/reopen) to find a period, its bounds and whether it
 * is closed. The kind and the local dates come from libkpi (kpi_period_start/end); the
 * instants starts_at/ends_at are those dates' 00:00 in the workspace time zone
 * (workspace_settings.timezone, 'UTC' without a settings row), computed by PostgreSQL.
 */

#include "kpi/date.h"
#include "kpi/period.h"
#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kpid_period_row {
    char id[KPI_PERIOD_TEXT_SIZE]; /* canonical: "2025-01", "2025-Q1", "2025" */
    kpi_period period;
    char start[KPI_DATE_TEXT_SIZE]; /* first local day */
    char end[KPI_DATE_TEXT_SIZE];   /* first local day after the period (exclusive) */
    char starts_at[40];             /* PostgreSQL timestamptz text (UTC session) */
    char ends_at[40];
    bool closed;
    char closed_at[40]; /* "" while open */
};

/*
 * Defines period p in the workspace (*created = true), or, when it exists, refreshes its
 * instants from the current time zone unless it is closed (*created = false). Fills *out.
 */
enum kpid_db_status kpid_period_row_upsert(struct kpid_db *db, const char *workspace_id,
                                           const kpi_period *p, struct kpid_period_row *out,
                                           bool *created);

/* Loads one period by its id text; *found tells whether it is defined. */
enum kpid_db_status kpid_period_row_load(struct kpid_db *db, const char *workspace_id,
                                         const char *id, struct kpid_period_row *out, bool *found);

/* Which periods to list, ordered by (start, id); every member optional (NULL). */
struct kpid_period_filter {
    const char *kind;        /* "month", "quarter", "year" */
    const char *after_start; /* keyset paging: rows after (after_start, after_id) */
    const char *after_id;
    const char *limit; /* as text; NULL = all */
};

/* Loads the matching periods into a malloc()ed array *out (free it) of *n rows. */
enum kpid_db_status kpid_period_rows_load(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_period_filter *filter,
                                          struct kpid_period_row **out, size_t *n);

/* {id, kind, start, end, starts_at, ends_at, closed, closed_at}. */
json_t *kpid_period_row_json(const struct kpid_period_row *row);

#endif
