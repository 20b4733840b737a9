/* Facts, targets and measures of a list of KPIs over a list of periods: the one place where
 * a KPI's fact is computed (its formula over the measure set, or its manual fact). */
#ifndef KPID_KPIS_RESULTS_GRID_H
#define KPID_KPIS_RESULTS_GRID_H

#include "kpi/measures.h"
#include "kpi/score.h"
#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/measures.h"
#include "kpid/kpis/results_frame.h"

#include <stddef.h>

struct kpid_grid_cell {
    kpi_opt fact;
    kpi_target target;        /* the period's own target, else the KPI's default */
    kpi_measure_set measures; /* the inputs (empty for a manual KPI) */
};

struct kpid_grid {
    size_t n_kpis, n_frames;
    struct kpid_grid_cell *cells; /* [kpi * n_frames + frame] */
};

/*
 * Computes every cell. The measures the KPIs read are computed once per distinct
 * (attribution, lag, channel filter) among the KPIs, for all frames in one statement; those
 * that are the same in every attribution (KPID_MEASURES_SHARED) once per channel filter.
 * `channel` (may be NULL) narrows every KPI's own channel filter to that one channel,
 * `segment` (may be NULL) every KPI to a campaign and utm_source. Free with kpid_grid_free.
 */
enum kpid_db_status kpid_grid_compute(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_kpi_list *kpis,
                                      const struct kpid_frames *frames, const char *channel,
                                      const struct kpid_segment *segment, struct kpid_grid *out);

void kpid_grid_free(struct kpid_grid *g);

static inline const struct kpid_grid_cell *kpid_grid_at(const struct kpid_grid *g, size_t kpi,
                                                        size_t frame)
{
    return &g->cells[kpi * g->n_frames + frame];
}

#endif
