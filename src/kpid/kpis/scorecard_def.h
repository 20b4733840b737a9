/* Scorecard definitions as stored in the scorecards table: load, convert to libkpi, render. */
#ifndef KPID_KPIS_SCORECARD_DEF_H
#define KPID_KPIS_SCORECARD_DEF_H

/*
 * Owner: the definitions API (handlers scorecards.c). Used read-only by the results side
 * (GET /v1/periods/{id}/scorecards, snapshots): load the scorecards of a granularity,
 * convert each to a kpi_scorecard, fill every item's fact and target, and score it with
 * kpi_scorecard_compute.
 */

#include "kpi/period.h"
#include "kpi/score.h"
#include "kpid/store/db.h"
#include "kpid/kpis/kpi_def.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct kpid_scorecard_item_def {
    char kpi[KPID_KPI_CODE_MAX + 1];
    double weight;
};

/* One scorecard; name is owned (free with kpid_scorecard_def_clear). */
struct kpid_scorecard_def {
    char code[KPID_KPI_CODE_MAX + 1];
    char *name;
    char owner[12]; /* "marketing", "sales", "shared", or "" when not set */
    kpi_period_kind granularity;
    double fixed_pay;  /* money, exact to the cent */
    double bonus_base; /* money */
    double max_attainment;
    size_t n_items; /* 1..KPI_SCORECARD_MAX_ITEMS */
    struct kpid_scorecard_item_def items[KPI_SCORECARD_MAX_ITEMS];
    char created_at[40]; /* PostgreSQL text (UTC); "" when not loaded from the table */
    char updated_at[40];
};

void kpid_scorecard_def_clear(struct kpid_scorecard_def *s);

struct kpid_scorecard_list {
    struct kpid_scorecard_def *items; /* ordered by code */
    size_t n;
};

void kpid_scorecard_list_free(struct kpid_scorecard_list *list);

/* Which scorecards to load; every member optional (NULL = no restriction). */
struct kpid_scorecard_filter {
    const char *granularity;
    const char *after_code; /* keyset paging */
    const char *limit;      /* as text; NULL = all */
};

enum kpid_db_status kpid_scorecard_defs_load(struct kpid_db *db, const char *workspace_id,
                                             const struct kpid_scorecard_filter *filter,
                                             struct kpid_scorecard_list *out);

/* Loads one scorecard by code; *found tells whether it exists (out filled only then). */
enum kpid_db_status kpid_scorecard_def_load(struct kpid_db *db, const char *workspace_id,
                                            const char *code, struct kpid_scorecard_def *out,
                                            bool *found);

/*
 * Builds the libkpi scorecard of `def`: `items` (caller-owned, n_items entries) get each
 * item's weight, and the granularity and direction of its KPI from `kpis`; facts and
 * targets are left absent for the caller to fill. out->items points at `items`. Returns
 * the index of the first item whose KPI is not in `kpis`, or -1 when all were found.
 */
int kpid_scorecard_def_to_kpi(const struct kpid_scorecard_def *def,
                              const struct kpid_kpi_list *kpis,
                              kpi_scorecard_item items[KPI_SCORECARD_MAX_ITEMS],
                              kpi_scorecard *out);

/* The warning sentences for kpi warning bits, as a JSON array (empty when none). */
json_t *kpid_warnings_json(unsigned warnings);

/*
 * The API shape: {code, name, owner, granularity, fixed_pay, bonus_base, max_attainment,
 * items [{kpi, weight}], warnings [...], created_at, updated_at}.
 */
json_t *kpid_scorecard_def_json(const struct kpid_scorecard_def *s);

#endif
