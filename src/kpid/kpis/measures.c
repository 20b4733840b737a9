/* Computes the measures of a list of periods in one SQL statement per attribution, the
 * additive ones of event attribution from the rollups when they can answer exactly. */
#include "kpid/kpis/measures.h"

#include "kpid/ingest/pg_array.h"
#include "kpid/store/measures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Both statements (src/kpid/store/sql/measures_*.sql) take the periods as arrays, as_of, the
 * channel filter, whether by channel and the parts to compute (the names in `parts` below);
 * the cohort one adds lag_days. The lifetime measures come from a third statement of their
 * own, run for either attribution with the KPI's lag. Each part aggregates per (period ordinal,
 * channel when by channel) over one index range and runs only when named. The result is unpivoted
 * to rows (ord, ch, name, value) that read_rows maps through libkpi.
 */

/* The parts of the statements ($9) and the measures each one computes: a part runs when a
 * measure asked for is among its measures. */
#define BIT KPI_MEASURE_BIT
static const struct {
    const char *name;
    kpi_measure_mask measures;
} parts[] = {
    {"lead_set", BIT(KPI_M_LEADS) | BIT(KPI_M_VALID_LEADS) | BIT(KPI_M_SQL_LEADS) |
                     BIT(KPI_M_BRAND_LEADS) | BIT(KPI_M_REACTION_COUNT) |
                     BIT(KPI_M_REACTION_MINUTES_SUM) | BIT(KPI_M_REACTION_MINUTES_MEDIAN) |
                     BIT(KPI_M_PROCESSED_WITHIN_WORKDAY)},
    {"reaction_median", BIT(KPI_M_REACTION_MINUTES_MEDIAN)},
    {"contacted", BIT(KPI_M_CONTACTED)},
    {"meetings", BIT(KPI_M_MEETINGS)},
    {"proposals", BIT(KPI_M_PROPOSALS)},
    {"deals", BIT(KPI_M_WON_DEALS) | BIT(KPI_M_NEW_CLIENTS) | BIT(KPI_M_REPEAT_PURCHASES) |
                  BIT(KPI_M_REVENUE) |
                  BIT(KPI_M_REVENUE_NEW_CLIENTS) | BIT(KPI_M_GROSS_MARGIN) |
                  BIT(KPI_M_DEALS_WITHOUT_MARGIN) | BIT(KPI_M_CYCLE_DAYS_MEDIAN)},
    {"clients", BIT(KPI_M_CLIENTS)},
    {"new_clients",
     BIT(KPI_M_NEW_CLIENTS) | BIT(KPI_M_REPEAT_PURCHASES) | BIT(KPI_M_REVENUE_NEW_CLIENTS)},
    {"revenue", BIT(KPI_M_REVENUE)},
    {"margin", BIT(KPI_M_GROSS_MARGIN) | BIT(KPI_M_DEALS_WITHOUT_MARGIN)},
    {"cycle_median", BIT(KPI_M_CYCLE_DAYS_MEDIAN)},
    {"spend", BIT(KPI_M_SPEND)},
    {"nps", BIT(KPI_M_NPS_RESPONSES) | BIT(KPI_M_NPS_PROMOTERS) | BIT(KPI_M_NPS_DETRACTORS)},
    {"channel_stats",
     KPID_MEASURES_CHANNEL_STATS & ~(BIT(KPI_M_FOLLOWERS_END) | BIT(KPI_M_FOLLOWERS_PREV_END))},
    {"followers", BIT(KPI_M_FOLLOWERS_END) | BIT(KPI_M_FOLLOWERS_PREV_END)},
};

/* The measures the rollups serve (src/kpid/store/sql/measures_rollup_select.sql): the lead
 * set and NPS by either attribution, the won deals' by event and, for periods of whole months,
 * by cohort; the funnel steps and clients by event only. */
static const kpi_measure_mask rollup_served_any =
    BIT(KPI_M_LEADS) | BIT(KPI_M_VALID_LEADS) | BIT(KPI_M_SQL_LEADS) | BIT(KPI_M_BRAND_LEADS) |
    BIT(KPI_M_REACTION_COUNT) | BIT(KPI_M_REACTION_MINUTES_SUM) | BIT(KPI_M_NPS_RESPONSES) |
    BIT(KPI_M_NPS_PROMOTERS) | BIT(KPI_M_NPS_DETRACTORS);
static const kpi_measure_mask rollup_served_deals =
    BIT(KPI_M_WON_DEALS) | BIT(KPI_M_NEW_CLIENTS) | BIT(KPI_M_REPEAT_PURCHASES) |
    BIT(KPI_M_REVENUE) | BIT(KPI_M_REVENUE_NEW_CLIENTS) | BIT(KPI_M_GROSS_MARGIN) |
    BIT(KPI_M_DEALS_WITHOUT_MARGIN);
static const kpi_measure_mask rollup_served_event = rollup_served_any | rollup_served_deals |
                                                    BIT(KPI_M_CONTACTED) | BIT(KPI_M_MEETINGS) |
                                                    BIT(KPI_M_PROPOSALS) | BIT(KPI_M_CLIENTS);
#undef BIT

/* Whether the rollups serve every needed measure of part i and of each part computing one of
 * them (revenue is also the deals part's: with the deal cycle's median needed, that part scans
 * the deals anyway and revenue comes with it). */
static bool rolled_part(size_t i, kpi_measure_mask needs, kpi_measure_mask served)
{
    kpi_measure_mask mine = parts[i].measures & needs;
    for (size_t j = 0; j < sizeof parts / sizeof parts[0]; j++)
        if ((parts[j].measures & mine) && (parts[j].measures & needs & ~served))
            return false;
    return mine != 0;
}

/* By cohort the funnel steps come from the lead set's scan (measures_cohort_select.sql). */
#define COHORT_FUNNEL_STEPS                                                                        \
    (KPI_MEASURE_BIT(KPI_M_CONTACTED) | KPI_MEASURE_BIT(KPI_M_MEETINGS) |                          \
     KPI_MEASURE_BIT(KPI_M_PROPOSALS))

static bool first_of_month(const char *text)
{
    kpi_date date;
    int year, month, day;
    if (kpi_date_parse(text, &date, NULL) != KPI_OK)
        return false;
    kpi_date_to_ymd(date, &year, &month, &day);
    return day == 1;
}

/* Whether every span is made of whole months: its dates (the end exclusive) are firsts of
 * months. */
static bool whole_months(const struct kpid_span *spans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!first_of_month(spans[i].start) || !first_of_month(spans[i].end))
            return false;
    return true;
}

/* The measures of `needs` to take from the rollups: none by cohort when a funnel step is
 * needed, as the direct statement scans the lead set for it anyway. */
static kpi_measure_mask rollup_measures(kpi_measure_mask needs, bool cohort, bool months)
{
    kpi_measure_mask served = !cohort ? rollup_served_event
                              : months ? rollup_served_any | rollup_served_deals
                                       : rollup_served_any;
    kpi_measure_mask rolled = 0;
    if (cohort && (needs & COHORT_FUNNEL_STEPS))
        return 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (rolled_part(i, needs, served))
            rolled |= parts[i].measures & needs;
    return rolled;
}

void kpid_measures_empty(kpi_measure_set *set)
{
    kpi_measures_init(set);
    for (int m = 0; m < KPI_MEASURE_COUNT; m++)
        if (m != KPI_M_REACTION_MINUTES_MEDIAN && m != KPI_M_CYCLE_DAYS_MEDIAN &&
            m != KPI_M_FOLLOWERS_END && m != KPI_M_FOLLOWERS_PREV_END)
            kpi_measures_set(set, (kpi_measure)m, 0.0);
}

void kpid_measures_free(struct kpid_measures *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->groups[i].key);
    free(m->groups);
    m->groups = NULL;
    m->n = 0;
}

static bool same_key(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static struct kpid_measure_group *find_group(const struct kpid_measures *m, size_t period,
                                             const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->groups[i].period == period && same_key(m->groups[i].key, key))
            return &m->groups[i];
    return NULL;
}

/* Makes the `which` measures of set null. */
static void clear_measures(kpi_measure_set *set, kpi_measure_mask which)
{
    for (int i = 0; i < KPI_MEASURE_COUNT; i++)
        if (which & KPI_MEASURE_BIT(i))
            kpi_measures_clear(set, (kpi_measure)i);
}

void kpid_measures_get(const struct kpid_measures *m, size_t period, const char *key,
                       kpi_measure_set *out)
{
    const struct kpid_measure_group *g = find_group(m, period, key);
    if (g != NULL)
        *out = g->set;
    else
        kpid_measures_empty(out);
    clear_measures(out, m->unsplit);
}

void kpid_measures_take(kpi_measure_set *set, const kpi_measure_set *from, kpi_measure_mask which)
{
    for (int m = 0; m < KPI_MEASURE_COUNT; m++) {
        if (!(which & KPI_MEASURE_BIT(m)))
            continue;
        kpi_opt v = kpi_measures_get(from, (kpi_measure)m);
        if (v.present)
            kpi_measures_set(set, (kpi_measure)m, v.value);
        else
            kpi_measures_clear(set, (kpi_measure)m);
    }
}

/* The group of (period, key), added with empty measures when new; NULL out of memory. */
static struct kpid_measure_group *group_of(struct kpid_measures *m, size_t period, const char *key,
                                           size_t cap)
{
    struct kpid_measure_group *g = find_group(m, period, key);
    if (g != NULL || m->n == cap)
        return g;
    g = &m->groups[m->n];
    g->period = period;
    g->key = key ? strdup(key) : NULL;
    if (key != NULL && g->key == NULL)
        return NULL;
    kpid_measures_empty(&g->set);
    m->n++;
    return g;
}

/* Builds the four period arrays; false when out of memory. */
static bool span_arrays(const struct kpid_span *spans, size_t n, struct kpid_pg_array a[4])
{
    for (size_t i = 0; i < n; i++) {
        kpid_pg_array_add(&a[0], spans[i].starts_at);
        kpid_pg_array_add(&a[1], spans[i].ends_at);
        kpid_pg_array_add(&a[2], spans[i].start);
        kpid_pg_array_add(&a[3], spans[i].end);
    }
    for (int i = 0; i < 4; i++)
        if (kpid_pg_array_text(&a[i]) == NULL)
            return false;
    return true;
}

/* The names the statements give free counters' rows: "counter.calls". */
#define COUNTER_PREFIX "counter."

/* The statements a computation runs: the attribution's, the lifetime one, the rollups'. */
enum { RES_DIRECT, RES_LIFETIME, RES_ROLLUP, RES_COUNT };

/* Reads the unpivoted rows (ord, group key, name, value) of each result (NULL: not run) into
 * groups, each result's measures only when in its `takes` mask (free counters always). */
static enum kpid_db_status read_rows(kpid_result *const results[RES_COUNT],
                                     const kpi_measure_mask takes[RES_COUNT], size_t n_spans,
                                     bool grouped, struct kpid_measures *out)
{
    int rows = 0;
    for (int i = 0; i < RES_COUNT; i++)
        rows += results[i] != NULL ? kpid_result_rows(results[i]) : 0;
    /* at most one group per (period, key) and every key has at least one row */
    size_t cap = grouped ? (size_t)rows + n_spans : n_spans;
    out->groups = calloc(cap > 0 ? cap : 1, sizeof *out->groups);
    if (out->groups == NULL)
        return KPID_DB_ERROR;
    for (int i = 0; i < RES_COUNT; i++) {
        const kpid_result *res = results[i];
        for (int r = 0; res != NULL && r < kpid_result_rows(res); r++) {
            const char *ord = kpid_result_text(res, r, "ord");
            size_t period = ord ? strtoul(ord, NULL, 10) - 1 : n_spans;
            const char *key = kpid_result_text(res, r, "ch");
            const char *name = kpid_result_text(res, r, "name");
            const char *value = kpid_result_text(res, r, "value");
            kpi_measure m;
            bool counter =
                name != NULL && strncmp(name, COUNTER_PREFIX, strlen(COUNTER_PREFIX)) == 0;
            if (period >= n_spans || (grouped && key == NULL) || name == NULL ||
                (!counter && !kpi_measure_lookup(name, strlen(name), &m)) ||
                (!counter && !(takes[i] & KPI_MEASURE_BIT(m))))
                continue; /* grouped: rows without a key (a deal without a channel, say);
                             measures another of the statements answers */
            struct kpid_measure_group *g = group_of(out, period, key, cap);
            if (g == NULL)
                return KPID_DB_ERROR;
            if (counter)
                kpi_measures_set_counter(&g->set, name + strlen(COUNTER_PREFIX),
                                         value ? strtod(value, NULL) : 0.0);
            else if (value == NULL)
                kpi_measures_clear(&g->set, m);
            else
                kpi_measures_set(&g->set, m, strtod(value, NULL));
        }
    }
    return KPID_DB_OK;
}

/* Channel records have no utm_source: a utm_source segment or grouping cannot split them, so
 * their spend and counters are null (and CPL, CAC, ROMI, CTR... with them) rather than numbers
 * that belong to other leads; free counters are not summed (a formula reads 0). */
static bool unsplit_channel_records(const struct kpid_measure_spec *spec)
{
    return spec->segment.utm_source != NULL || spec->by == KPID_BY_UTM_SOURCE;
}

#define CHANNEL_RECORD_MEASURES (KPI_MEASURE_BIT(KPI_M_SPEND) | KPID_MEASURES_CHANNEL_STATS)

/* The names of the parts that compute a measure of `needs`, as a text[] literal into a. */
static const char *part_names(kpi_measure_mask needs, struct kpid_pg_array *a)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (needs & parts[i].measures)
            kpid_pg_array_add(a, parts[i].name);
    return kpid_pg_array_text(a);
}

/* Whether the rollups' answer is the row saying they cannot answer exactly. */
static bool rollup_inexact(const kpid_result *res)
{
    const char *name = kpid_result_rows(res) == 1 ? kpid_result_text(res, 0, "name") : NULL;
    return name != NULL && strcmp(name, "inexact") == 0;
}

/* Runs the rollups' statement for the `*rolled` measures; when they cannot answer exactly,
 * clears *rolled (the direct statement computes everything) and answers NULL. */
static kpid_result *select_rollups(struct kpid_db *db, const char *workspace_id,
                                   struct kpid_store_measures_query q, const char *lag_days,
                                   kpi_measure_mask *rolled, enum kpid_db_status *st)
{
    struct kpid_pg_array names = {0};
    kpid_result *res = NULL;
    *st = KPID_DB_ERROR;
    if ((q.parts = part_names(*rolled, &names)) != NULL)
        res = kpid_store_measures_rollup_select(db, workspace_id, &q, lag_days, st);
    kpid_pg_array_free(&names);
    if (res != NULL && rollup_inexact(res)) {
        kpid_result_free(res);
        res = NULL;
        *rolled = 0;
    }
    return res;
}

enum kpid_db_status kpid_measures_compute_some(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_span *spans, size_t n_spans,
                                               const char *as_of,
                                               const struct kpid_measure_spec *spec,
                                               kpi_measure_mask needs, const char *counters,
                                               struct kpid_measures *out)
{
    memset(out, 0, sizeof *out);
    if (n_spans == 0 || n_spans > KPID_MEASURE_SPANS_MAX)
        return KPID_DB_ERROR;
    struct kpid_pg_array arrays[5] = {{0}};
    enum kpid_db_status st = KPID_DB_ERROR;
    if (unsplit_channel_records(spec)) {
        needs &= ~CHANNEL_RECORD_MEASURES;
        counters = NULL;
    }
    if (span_arrays(spans, n_spans, arrays)) {
        char lag[16];
        snprintf(lag, sizeof lag, "%d", spec->lag_days);
        static const char *const by_names[] = {NULL, "channel", "campaign", "utm_source"};
        struct kpid_store_measures_query q = {
            .starts_at = kpid_pg_array_text(&arrays[0]),
            .ends_at = kpid_pg_array_text(&arrays[1]),
            .start_dates = kpid_pg_array_text(&arrays[2]),
            .end_dates = kpid_pg_array_text(&arrays[3]),
            .as_of = as_of,
            .channels = spec->channels_sql,
            .by = by_names[spec->by],
            .counters = counters,
            .campaign = spec->segment.campaign,
            .utm_source = spec->segment.utm_source,
        };
        /* the rollups, then the attribution's statement for the rest and the lifetime one,
         * each only when needed */
        kpid_result *res[RES_COUNT] = {NULL, NULL, NULL};
        bool cohort = spec->attribution == KPID_ATTRIBUTION_COHORT;
        kpi_measure_mask rolled = rollup_measures(needs, cohort, whole_months(spans, n_spans));
        st = KPID_DB_OK;
        if (rolled != 0)
            res[RES_ROLLUP] = select_rollups(db, workspace_id, q, cohort ? lag : NULL, &rolled, &st);
        kpi_measure_mask direct = needs & ~rolled;
        const kpi_measure_mask takes[RES_COUNT] = {~rolled, ~rolled, rolled};
        if (st == KPID_DB_OK && ((direct & ~KPID_MEASURES_LIFETIME) || counters != NULL)) {
            q.parts = part_names(direct, &arrays[4]);
            if (q.parts == NULL)
                st = KPID_DB_ERROR;
            else if ((direct & ~KPID_MEASURES_LIFETIME & ~CHANNEL_RECORD_MEASURES) == 0)
                res[RES_DIRECT] = kpid_store_measures_channel_select(db, workspace_id, &q, &st);
            else if (cohort)
                res[RES_DIRECT] = kpid_store_measures_cohort_select(db, workspace_id, &q, lag, &st);
            else
                res[RES_DIRECT] = kpid_store_measures_event_select(db, workspace_id, &q, &st);
        }
        if (st == KPID_DB_OK && (needs & KPID_MEASURES_LIFETIME))
            res[RES_LIFETIME] = kpid_store_measures_lifetime_select(db, workspace_id, &q, lag, &st);
        if (st == KPID_DB_OK)
            st = read_rows(res, takes, n_spans, spec->by != KPID_BY_NONE, out);
        if (st == KPID_DB_OK && unsplit_channel_records(spec)) {
            out->unsplit = CHANNEL_RECORD_MEASURES; /* the groups', and the empty set's */
            for (size_t i = 0; i < out->n; i++)
                clear_measures(&out->groups[i].set, out->unsplit);
        }
        for (int i = 0; i < RES_COUNT; i++)
            kpid_result_free(res[i]);
    }
    for (int i = 0; i < 5; i++)
        kpid_pg_array_free(&arrays[i]);
    if (st != KPID_DB_OK)
        kpid_measures_free(out);
    return st;
}

enum kpid_db_status kpid_measures_compute(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_span *spans, size_t n_spans,
                                          const char *as_of, const struct kpid_measure_spec *spec,
                                          struct kpid_measures *out)
{
    return kpid_measures_compute_some(db, workspace_id, spans, n_spans, as_of, spec,
                                      KPID_MEASURES_ALL & ~KPID_MEASURES_CHANNEL_STATS &
                                          ~KPID_MEASURES_LIFETIME,
                                      NULL, out);
}
