/* kpiscore internals: the parsed scoring document and the two steps, read and score. */
#ifndef KPISCORE_H
#define KPISCORE_H

#include <jansson.h>
#include <stdbool.h>

#include "kpi/kpi.h"

#define KS_CODE_SIZE 65 /* KPI and scorecard codes: [a-z0-9_]{1,64} */
#define KS_MAX_KPIS 1000

/* Where a document went wrong: a message, the JSON path of the field, a formula position. */
typedef struct ks_error {
    char message[256];
    char field[128];
    int position; /* 1-based, formulas only; 0 otherwise */
} ks_error;

typedef enum ks_source { KS_METRIC, KS_FORMULA, KS_MANUAL } ks_source;

typedef struct ks_kpi {
    char code[KS_CODE_SIZE];
    ks_source source;
    kpi_formula formula; /* metric and formula KPIs */
    kpi_opt manual;      /* manual KPIs: the fact as entered */
    kpi_unit unit;
    kpi_direction direction;
    kpi_period_kind granularity;
    kpi_target target;
} ks_kpi;

/* One input document, fully validated. Owns `kpis`; release with ks_doc_free. */
typedef struct ks_doc {
    bool has_period;
    kpi_period period;
    kpi_measure_set measures;
    size_t n_kpis;
    ks_kpi *kpis;
    bool has_scorecard;
    char scorecard_code[KS_CODE_SIZE];
    kpi_scorecard scorecard; /* items point into `items` */
    kpi_scorecard_item items[KPI_SCORECARD_MAX_ITEMS];
    size_t item_kpi[KPI_SCORECARD_MAX_ITEMS]; /* index into kpis of each item */
    bool has_pay;                             /* a person's statement is asked for */
    char person[KS_CODE_SIZE];
    kpi_employment employment;
    kpi_pay_plan pay; /* steps point into `steps` */
    kpi_split_step steps[KPI_SPLIT_MAX_STEPS];
} ks_doc;

/* Validates `input` (borrowed) into *doc; false with *err filled on the first fault. */
bool ks_read(json_t *input, ks_doc *doc, ks_error *err);

void ks_doc_free(ks_doc *doc);

/* Scores a document into a new results object (caller owns it); NULL with *err on failure. */
json_t *ks_score(const ks_doc *doc, ks_error *err);

/* The person's payout statement for the period on the scored scorecard (doc->has_pay). */
json_t *ks_statement(const ks_doc *doc, const kpi_item_score *scores, double total);

/* A new {"error": {...}} object for *err; caller owns it. */
json_t *ks_error_json(const ks_error *err);

#endif
