/* The periods a results computation looks at, with their instants, and the as_of moment. */
#ifndef KPID_KPIS_RESULTS_FRAME_H
#define KPID_KPIS_RESULTS_FRAME_H

#include "kpi/date.h"
#include "kpi/period.h"
#include "kpid/store/db.h"
#include "kpid/kpis/measures.h"

#include <stdbool.h>
#include <stddef.h>

/* One period: stored in the periods table or not (then its instants are computed the way
 * PUT /v1/periods/{id} would store them, in the workspace time zone). */
struct kpid_frame {
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period period;
    struct kpid_span span;
    bool stored;
    bool closed;
};

struct kpid_frames {
    char as_of[40];             /* the moment, PostgreSQL timestamptz text */
    kpi_local_time as_of_local; /* the same in workspace-local wall time */
    size_t n;
    struct kpid_frame *items;
};

/*
 * Resolves `n` periods and as_of (RFC 3339 text already checked with kpid_is_timestamp, or
 * NULL for the transaction's now()). Free with kpid_frames_free.
 */
enum kpid_db_status kpid_frames_load(struct kpid_db *db, const char *workspace_id,
                                     const kpi_period *periods, size_t n, const char *as_of,
                                     struct kpid_frames *out);

void kpid_frames_free(struct kpid_frames *f);

#endif
