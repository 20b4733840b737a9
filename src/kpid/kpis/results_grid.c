/* Computes the grid: measure sets once per distinct spec, then each KPI's formula over them. */
#include "kpid/kpis/results_grid.h"

#include "kpi/formula.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/store/fact.h"
#include "kpid/store/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One distinct measure spec, the measures and free counters its KPIs read, and its computed
 * sets. */
struct combo {
    struct kpid_measure_spec spec;
    char *channels; /* owned copy of spec.channels_sql */
    kpi_measure_mask needs;
    struct kpid_pg_array counters; /* the distinct free counters, n_counters of them */
    size_t n_counters;
    const char *counter[KPI_MEASURE_SET_COUNTERS]; /* borrowed from the KPIs' formulas */
    size_t shared; /* the combo that computes this one's KPID_MEASURES_SHARED (maybe itself) */
    struct kpid_measures measures;
};

void kpid_grid_free(struct kpid_grid *g)
{
    free(g->cells);
    memset(g, 0, sizeof *g);
}

static kpi_opt opt_of(const kpid_result *res, int row, const char *column)
{
    const char *v = kpid_result_text(res, row, column);
    return v ? kpi_some(strtod(v, NULL)) : kpi_none();
}

/* Index of the frame with this period id, or n. */
static size_t frame_index(const struct kpid_frames *frames, const char *id)
{
    size_t i = 0;
    while (i < frames->n && strcmp(frames->items[i].id, id) != 0)
        i++;
    return i;
}

/* Index of the KPI with this code, or n. */
static size_t kpi_index(const struct kpid_kpi_list *kpis, const char *code)
{
    size_t i = 0;
    while (i < kpis->n && strcmp(kpis->items[i].code, code) != 0)
        i++;
    return i;
}

/* The cell of result row r's (period_id, kpi_code), its KPI's index in *k; NULL when the
 * row names a period or KPI the grid does not have. */
static struct kpid_grid_cell *cell_of(struct kpid_grid *g, const struct kpid_kpi_list *kpis,
                                      const struct kpid_frames *frames, const kpid_result *res,
                                      int r, size_t *k)
{
    const char *period_id = kpid_result_text(res, r, "period_id");
    const char *code = kpid_result_text(res, r, "kpi_code");
    size_t f = period_id ? frame_index(frames, period_id) : frames->n;
    *k = code ? kpi_index(kpis, code) : kpis->n;
    return f < frames->n && *k < kpis->n ? &g->cells[*k * frames->n + f] : NULL;
}

/* The channel filter of KPI k narrowed to `channel`: an owned text[] literal, or NULL for
 * every channel. *failed is set when out of memory. */
static char *channels_of(const struct kpid_kpi_def *k, const char *channel, bool *failed)
{
    const char *text = k->channels_sql;
    struct kpid_pg_array one = {0};
    if (channel != NULL) {
        bool listed = k->channels == NULL;
        size_t i;
        json_t *c;
        json_array_foreach(k->channels, i, c) listed =
            listed || strcmp(json_string_value(c), channel) == 0;
        if (listed)
            kpid_pg_array_add(&one, channel);
        text = kpid_pg_array_text(&one); /* "{}" when not listed: nothing passes */
    }
    char *copy = text ? strdup(text) : NULL;
    *failed = *failed || (text != NULL && copy == NULL);
    kpid_pg_array_free(&one);
    return copy;
}

static bool same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether combo c holds free counter `name`. */
static bool has_counter(const struct combo *c, const char *name)
{
    for (size_t i = 0; i < c->n_counters; i++)
        if (strcmp(c->counter[i], name) == 0)
            return true;
    return false;
}

/* Whether combo c has room for the free counters formula f reads: a measure set holds at most
 * KPI_MEASURE_SET_COUNTERS. */
static bool counters_fit(const struct combo *c, const kpi_formula *f)
{
    size_t n = c->n_counters;
    for (int i = 0; i < f->n_counters; i++)
        n += !has_counter(c, f->counter[i]);
    return n <= KPI_MEASURE_SET_COUNTERS;
}

/* The combo index of KPI k among combos[0..*n), added when new; takes over `channels`. */
static size_t combo_of(const struct kpid_kpi_def *k, char *channels, struct combo *combos,
                       size_t *n)
{
    /* event measures ignore the lag; the lifetime ones take it in either attribution */
    bool lagged = k->attribution == KPID_ATTRIBUTION_COHORT ||
                  (k->formula.measures & KPID_MEASURES_LIFETIME) != 0;
    int lag = lagged ? k->lag_days : 0;
    size_t i = 0;
    while (i < *n &&
           !(combos[i].spec.attribution == k->attribution && combos[i].spec.lag_days == lag &&
             same_text(combos[i].channels, channels) && counters_fit(&combos[i], &k->formula)))
        i++;
    if (i < *n) {
        free(channels);
    } else {
        combos[i].channels = channels;
        combos[i].spec =
            (struct kpid_measure_spec){k->attribution, lag, channels, KPID_BY_NONE, {NULL, NULL}};
        (*n)++;
    }
    combos[i].needs |= k->formula.measures;
    for (int j = 0; j < k->formula.n_counters; j++)
        if (!has_counter(&combos[i], k->formula.counter[j])) {
            combos[i].counter[combos[i].n_counters++] = k->formula.counter[j];
            kpid_pg_array_add(&combos[i].counters, k->formula.counter[j]);
        }
    return i;
}

/* Lets the first combo of each channel filter compute the measures that do not depend on
 * attribution or lag for every combo of that filter, so the lead set is scanned once. */
static void share_measures(struct combo *combos, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        size_t first = 0;
        while (!same_text(combos[first].channels, combos[c].channels))
            first++;
        combos[c].shared = first;
        if (first != c) {
            combos[first].needs |= combos[c].needs & KPID_MEASURES_SHARED;
            combos[c].needs &= ~KPID_MEASURES_SHARED;
        }
    }
}

/* Period ids of the frames as a text[] literal (owned by a). */
static const char *frame_ids(const struct kpid_frames *frames, struct kpid_pg_array *a)
{
    for (size_t i = 0; i < frames->n; i++)
        kpid_pg_array_add(a, frames->items[i].id);
    return kpid_pg_array_text(a);
}

/* Default targets, then the periods' own; manual facts. */
static enum kpid_db_status load_targets_and_facts(struct kpid_db *db, const char *workspace_id,
                                                  const struct kpid_kpi_list *kpis,
                                                  const struct kpid_frames *frames,
                                                  struct kpid_grid *g)
{
    for (size_t k = 0; k < kpis->n; k++)
        for (size_t f = 0; f < frames->n; f++)
            g->cells[k * frames->n + f].target = kpis->items[k].target;
    struct kpid_pg_array ids = {0};
    const char *period_ids = frame_ids(frames, &ids);
    enum kpid_db_status st = period_ids ? KPID_DB_OK : KPID_DB_ERROR;
    kpid_result *res =
        st == KPID_DB_OK ? kpid_store_target_grid_select(db, workspace_id, period_ids, &st) : NULL;
    for (int r = 0; res != NULL && r < kpid_result_rows(res); r++) {
        size_t k;
        struct kpid_grid_cell *cell = cell_of(g, kpis, frames, res, r, &k);
        if (cell != NULL)
            cell->target = (kpi_target){opt_of(res, r, "base"), opt_of(res, r, "plan"),
                                        opt_of(res, r, "stretch")};
    }
    kpid_result_free(res);
    res = st == KPID_DB_OK ? kpid_store_fact_grid_select(db, workspace_id, period_ids, &st) : NULL;
    for (int r = 0; res != NULL && r < kpid_result_rows(res); r++) {
        size_t k;
        struct kpid_grid_cell *cell = cell_of(g, kpis, frames, res, r, &k);
        if (cell != NULL && kpis->items[k].source == KPID_KPI_MANUAL)
            cell->fact = opt_of(res, r, "value");
    }
    kpid_result_free(res);
    kpid_pg_array_free(&ids);
    return st;
}

/* Computes the measure sets of every combo and evaluates each KPI's formula over its own. */
static enum kpid_db_status compute_facts(struct kpid_db *db, const char *workspace_id,
                                         const struct kpid_kpi_list *kpis,
                                         const struct kpid_frames *frames, const char *channel,
                                         const struct kpid_segment *segment, struct kpid_grid *g)
{
    struct combo *combos = calloc(kpis->n > 0 ? kpis->n : 1, sizeof *combos);
    size_t *combo_index = calloc(kpis->n > 0 ? kpis->n : 1, sizeof *combo_index);
    size_t n_combos = 0;
    bool failed = combos == NULL || combo_index == NULL;
    for (size_t k = 0; !failed && k < kpis->n; k++)
        if (kpis->items[k].source != KPID_KPI_MANUAL)
            combo_index[k] = combo_of(
                &kpis->items[k], channels_of(&kpis->items[k], channel, &failed), combos, &n_combos);
    struct kpid_span *spans = calloc(frames->n, sizeof *spans);
    failed = failed || spans == NULL;
    for (size_t f = 0; !failed && f < frames->n; f++)
        spans[f] = frames->items[f].span;
    enum kpid_db_status st = failed ? KPID_DB_ERROR : KPID_DB_OK;
    share_measures(combos, n_combos);
    for (size_t c = 0; segment != NULL && c < n_combos; c++)
        combos[c].spec.segment = *segment;
    for (size_t c = 0; st == KPID_DB_OK && c < n_combos; c++) {
        if (combos[c].needs == 0 && combos[c].n_counters == 0)
            continue; /* every measure it reads is another combo's */
        const char *counters = NULL;
        if (combos[c].n_counters > 0 &&
            (counters = kpid_pg_array_text(&combos[c].counters)) == NULL)
            st = KPID_DB_ERROR;
        else
            st = kpid_measures_compute_some(db, workspace_id, spans, frames->n, frames->as_of,
                                            &combos[c].spec, combos[c].needs, counters,
                                            &combos[c].measures);
    }
    for (size_t k = 0; st == KPID_DB_OK && k < kpis->n; k++) {
        const struct kpid_kpi_def *def = &kpis->items[k];
        const struct combo *c = &combos[combo_index[k]];
        for (size_t f = 0; f < frames->n; f++) {
            struct kpid_grid_cell *cell = &g->cells[k * frames->n + f];
            if (def->source == KPID_KPI_MANUAL)
                continue;
            kpi_measure_set shared;
            kpid_measures_get(&c->measures, f, NULL, &cell->measures);
            kpid_measures_get(&combos[c->shared].measures, f, NULL, &shared);
            kpid_measures_take(&cell->measures, &shared, KPID_MEASURES_SHARED);
            cell->fact = kpi_formula_eval(&def->formula, &cell->measures);
        }
    }
    for (size_t c = 0; combos != NULL && c < n_combos; c++) {
        kpid_measures_free(&combos[c].measures);
        kpid_pg_array_free(&combos[c].counters);
        free(combos[c].channels);
    }
    free(combos);
    free(combo_index);
    free(spans);
    return st;
}

enum kpid_db_status kpid_grid_compute(struct kpid_db *db, const char *workspace_id,
                                      const struct kpid_kpi_list *kpis,
                                      const struct kpid_frames *frames, const char *channel,
                                      const struct kpid_segment *segment, struct kpid_grid *out)
{
    memset(out, 0, sizeof *out);
    out->cells = calloc(kpis->n * frames->n > 0 ? kpis->n * frames->n : 1, sizeof *out->cells);
    if (out->cells == NULL)
        return KPID_DB_ERROR;
    out->n_kpis = kpis->n;
    out->n_frames = frames->n;
    for (size_t i = 0; i < kpis->n * frames->n; i++)
        kpi_measures_init(&out->cells[i].measures);
    enum kpid_db_status st = load_targets_and_facts(db, workspace_id, kpis, frames, out);
    if (st == KPID_DB_OK)
        st = compute_facts(db, workspace_id, kpis, frames, channel, segment, out);
    if (st != KPID_DB_OK)
        kpid_grid_free(out);
    return st;
}
