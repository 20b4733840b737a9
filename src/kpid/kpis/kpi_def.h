/* KPI definitions as stored in the kpis table: load them, look them up, render them as JSON. */
#ifndef KPID_KPIS_KPI_DEF_H
#define KPID_KPIS_KPI_DEF_H

/*
 * Owner: the definitions API (handlers kpis*.c). Used read-only by the results side
 * (measures, results, series, scorecards, snapshots): load the KPIs of a period's
 * granularity, evaluate `formula` over the measures, score against `target`.
 */

#include "kpi/formula.h"
#include "kpi/metrics.h"
#include "kpi/period.h"
#include "kpi/score.h"
#include "kpi/unit.h"
#include "kpid/store/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define KPID_KPI_CODE_MAX 64

/* Where a KPI's fact comes from. */
enum kpid_kpi_source {
    KPID_KPI_METRIC,  /* a catalogue metric (kpi_metric_find(metric)) */
    KPID_KPI_FORMULA, /* a custom formula over measures */
    KPID_KPI_MANUAL,  /* entered per period in manual_facts */
};

enum kpid_attribution {
    KPID_ATTRIBUTION_EVENT,
    KPID_ATTRIBUTION_COHORT,
};

/* One KPI definition. Strings are owned (free with kpid_kpi_def_clear). */
struct kpid_kpi_def {
    char code[KPID_KPI_CODE_MAX + 1];
    char *name;
    char owner[12]; /* "marketing", "sales", "shared" */
    char level[12]; /* "primary", "secondary" */
    enum kpid_kpi_source source;
    const kpi_metric *metric; /* KPID_KPI_METRIC: the catalogue entry; else NULL */
    char *formula_text;       /* KPID_KPI_FORMULA: the text as written; else NULL */
    kpi_formula formula;      /* compiled: the metric's or the custom formula (not for manual) */
    kpi_unit unit;
    kpi_direction direction;
    kpi_period_kind granularity;
    enum kpid_attribution attribution;
    int lag_days;
    json_t *channels;    /* channel filter: a JSON array of strings, or NULL = every channel */
    char *channels_sql;  /* the same as a PostgreSQL text[] literal for `$n::text[]`, or NULL */
    kpi_target target;   /* the default target (each part may be absent) */
    char *description;   /* or NULL */
    char created_at[40]; /* PostgreSQL text (UTC); "" when not loaded from the table */
    char updated_at[40];
};

/* Frees the owned members and zeroes the struct. */
void kpid_kpi_def_clear(struct kpid_kpi_def *k);

/* A set of definitions ordered by code. */
struct kpid_kpi_list {
    struct kpid_kpi_def *items;
    size_t n;
};

void kpid_kpi_list_free(struct kpid_kpi_list *list);

/* The definition with this code in the list, or NULL. */
const struct kpid_kpi_def *kpid_kpi_list_find(const struct kpid_kpi_list *list, const char *code);

/* Which definitions to load; every member is optional (NULL = no restriction). */
struct kpid_kpi_filter {
    const char *granularity; /* "month", "quarter", "year" */
    const char *owner;       /* "marketing", "sales", "shared" */
    const char *after_code;  /* keyset paging: codes after this one */
    const char *limit;       /* as text, e.g. a kpid_page's limit_plus_one; NULL = all */
};

/*
 * Loads the workspace's KPIs matching `filter` (may be NULL) ordered by code into *out
 * (free with kpid_kpi_list_free; left empty on failure). A stored formula that no longer
 * compiles is logged and answered KPID_DB_ERROR.
 */
enum kpid_db_status kpid_kpi_defs_load(struct kpid_db *db, const char *workspace_id,
                                       const struct kpid_kpi_filter *filter,
                                       struct kpid_kpi_list *out);

/* Loads one KPI by code; *found tells whether it exists (out is filled only then). */
enum kpid_db_status kpid_kpi_def_load(struct kpid_db *db, const char *workspace_id,
                                      const char *code, struct kpid_kpi_def *out, bool *found);

/*
 * The API shape: {code, name, owner, level, metric|formula|manual, unit, direction,
 * granularity, attribution, lag_days, filters {channels}, target {base, plan, stretch},
 * description, created_at, updated_at}. Exactly one of metric/formula is a string (the
 * other null); manual is a boolean.
 */
json_t *kpid_kpi_def_json(const struct kpid_kpi_def *k);

/* "event" / "cohort". */
const char *kpid_attribution_name(enum kpid_attribution a);

#endif
