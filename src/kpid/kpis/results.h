/* KPI results of a period (fact, target, attainment, status, maturity, previous period) and
 * the scorecards scored on them, as the results endpoints and period snapshots answer them. */
#ifndef KPID_KPIS_RESULTS_H
#define KPID_KPIS_RESULTS_H

#include "kpi/period.h"
#include "kpi/value.h"
#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/results_frame.h"
#include "kpid/kpis/results_grid.h"

#include <jansson.h>
#include <stdbool.h>

struct kpid_results_query {
    kpi_period period;
    const char *as_of;           /* RFC 3339 (checked), or NULL for now */
    const char *owner;           /* only KPIs of this owner; NULL = all */
    const char *channel;         /* narrows every KPI's channel filter; NULL = none */
    long max_rows;               /* more KPIs than this: KPID_DB_ABORT before computing; 0 = any */
    struct kpid_segment segment; /* narrows every KPI to a campaign and utm_source */
};

struct kpid_results {
    struct kpid_frames frames; /* [0] the period; [1] the previous one unless before 1970 */
    struct kpid_kpi_list kpis; /* the KPIs of the period's granularity, by code */
    struct kpid_grid grid;
};

/* Computes the results of every KPI of the period's granularity. Free with
 * kpid_results_free (also after a failure). */
/* KPID_DB_ABORT (nothing computed) when the period has more KPIs than q->max_rows. */
enum kpid_db_status kpid_results_compute(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_results_query *q,
                                         struct kpid_results *out);

void kpid_results_free(struct kpid_results *r);

/* {"period","kind","start","end","as_of","closed"} of frames->items[0]: the head of every
 * period response. */
json_t *kpid_results_head(const struct kpid_frames *frames);

/* The "results" array: one object per KPI (see openapi.yaml KpiResult). */
json_t *kpid_results_json(const struct kpid_results *r);

/* The "scorecards" array: every scorecard of the period's granularity scored on r (computed
 * without owner or channel restriction). */
enum kpid_db_status kpid_results_scorecards(struct kpid_db *db, const char *workspace_id,
                                            const struct kpid_results *r, json_t **out);

/* A fact, money or measure as JSON: null when absent, money rounded to the cent. */
json_t *kpid_result_number(kpi_opt v, bool money);

/* {base, plan, stretch}. */
json_t *kpid_result_target_json(const kpi_target *t);

/* The measures the KPI's formula reads, by name (money measures to the cent; {} when
 * manual). */
json_t *kpid_result_measures_json(const struct kpid_kpi_def *k, const kpi_measure_set *set);

#endif
