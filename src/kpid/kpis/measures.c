/* Computes the measures of a list of periods in one SQL statement per attribution. */
#include "kpid/kpis/measures.h"

#include "kpid/ingest/pg_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Both statements take $1 workspace; $2/$3 the periods' start/end instants and $4/$5 their
 * local start/end dates (one array element per period); $6 as_of; $7 the channel filter
 * (text[], NULL = every channel); $8 by channel; $9 the parts to compute (text[] of the names
 * in `parts` below). The cohort statement adds $10 lag_days.
 *
 * Each part aggregates per (period ordinal, channel when by channel) over one index range and
 * runs only when $9 names it: NEED is evaluated once, before any scan. The result is
 * unpivoted to rows (ord, channel, measure name, value) that read_rows maps through libkpi.
 */

// clang-format off

#define NEED(part) "(SELECT '" part "' = ANY ($9::text[]))"

#define PERIODS \
    "unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])" \
    " WITH ORDINALITY AS p(s, e, sd, ed, ord)"

#define TZ \
    "coalesce((SELECT timezone FROM workspace_settings WHERE workspace_id = $1::uuid), 'UTC')"

#define WORKDAY \
    "coalesce((SELECT workday_minutes FROM workspace_settings WHERE workspace_id = $1::uuid), 480)"

/* cohort: each period with its horizon h = min(as_of, end + lag days at local midnight),
 * materialised so that h is computed once per period, not once per row compared with it */
#define HORIZONS \
    "horizons AS MATERIALIZED (" \
    " SELECT p.*, least($6::timestamptz, (p.ed + $10::int)::timestamp AT TIME ZONE " TZ ") AS h" \
    " FROM " PERIODS ")"
#define PERIODS_H "horizons AS p"

#define CH(col) "CASE WHEN $8::boolean THEN " col " END"
#define CHANNEL_OK(col) "($7::text[] IS NULL OR " col " = ANY ($7::text[]))"

/*
 * One part: for each period p, the aggregates `columns` (the first one is the channel, `ch`)
 * over the rows `from` selects for p, per channel when by channel. A LATERAL subquery per
 * period keeps each aggregate right on top of its index range scan. `gate` says whether the
 * part runs at all.
 */
#define PER_PERIOD(name, periods, gate, columns, from) \
    name " AS (" \
    " SELECT p.ord, a.* FROM " periods " CROSS JOIN LATERAL (" \
    "  SELECT " columns " " from " GROUP BY 1) AS a" \
    " WHERE " gate ")"

/* a valid lead of the lead set contacted by as_of: it has a reaction time */
#define REACTED "l.valid AND l.first_contact_at <= $6"

/* The lead set: leads created in the period and by as_of, and the reaction of its valid
 * leads; `steps` adds the cohort funnel steps. */
#define LEAD_PART(periods, gate, steps) \
    PER_PERIOD("lead_part", periods, gate, \
        CH("l.channel") " AS ch," \
        " count(*) AS leads," \
        " count(*) FILTER (WHERE l.valid) AS valid_leads," \
        " count(*) FILTER (WHERE l.valid AND l.is_sql) AS sql_leads," \
        " count(*) FILTER (WHERE l.valid AND l.is_brand) AS brand_leads," \
        " count(l.reaction_minutes) FILTER (WHERE " REACTED ") AS reaction_count," \
        " coalesce(sum(l.reaction_minutes) FILTER (WHERE " REACTED "), 0) AS reaction_sum," \
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY l.reaction_minutes)" \
        "  FILTER (WHERE " NEED("reaction_median") " AND " REACTED ") AS reaction_median," \
        " count(*) FILTER (WHERE " REACTED " AND l.reaction_minutes <= " WORKDAY ") AS processed" \
        steps, \
        "FROM leads l WHERE l.workspace_id = $1::uuid" \
        " AND l.created_at >= p.s AND l.created_at < p.e AND l.created_at <= $6" \
        " AND " CHANNEL_OK("l.channel"))

/* cohort funnel steps: valid leads of the lead set whose step is by the horizon */
#define COHORT_STEPS \
    ", count(*) FILTER (WHERE l.valid AND l.first_contact_at <= p.h) AS contacted," \
    " count(*) FILTER (WHERE l.valid AND l.meeting_at <= p.h) AS meetings," \
    " count(*) FILTER (WHERE l.valid AND l.proposal_at <= p.h) AS proposals"

#define COHORT_LEAD_GATE \
    "(" NEED("lead_set") " OR " NEED("contacted") " OR " NEED("meetings") \
    " OR " NEED("proposals") ")"

/* event funnel step: valid leads of any creation date whose step is in the period, by as_of */
#define EVENT_STEP(name, col) \
    PER_PERIOD(name, PERIODS, NEED(name), \
        CH("l.channel") " AS ch, count(*) AS n", \
        "FROM leads l WHERE l.workspace_id = $1::uuid AND l.valid" \
        " AND l." col " >= p.s AND l." col " < p.e AND l." col " <= $6" \
        " AND " CHANNEL_OK("l.channel"))

/* a won deal is a new client's: the sender says so, else no won deal of the same client
 * closed strictly earlier (deals.first_of_client, kept by triggers) */
#define IS_NEW "coalesce(d.is_new_client, d.first_of_client)"

/* The won deals `deals` selects for the period; clients count valid leads only. Each
 * aggregate but the count takes rows only when a KPI reads it (the distinct count and the
 * median sort theirs). */
#define DEAL_PART(periods, deals) \
    PER_PERIOD("deal_part", periods, NEED("deals"), \
        CH("d.channel") " AS ch," \
        " count(*) AS won_deals," \
        " count(DISTINCT d.lead_id) FILTER (WHERE " NEED("clients") " AND d.lead_valid)" \
        "  AS clients," \
        " count(*) FILTER (WHERE " NEED("new_clients") " AND " IS_NEW ") AS new_clients," \
        " count(*) FILTER (WHERE " NEED("new_clients") " AND NOT " IS_NEW ")" \
        "  AS repeat_purchases," \
        " coalesce(sum(d.amount) FILTER (WHERE " NEED("new_clients") " AND " IS_NEW "), 0)" \
        "  AS revenue_new," \
        " sum(d.amount) FILTER (WHERE " NEED("revenue") ") AS revenue," \
        " coalesce(sum(d.gross_margin) FILTER (WHERE " NEED("margin") "), 0) AS margin," \
        " count(*) FILTER (WHERE " NEED("margin") " AND d.gross_margin IS NULL)" \
        "  AS without_margin," \
        " percentile_cont(0.5) WITHIN GROUP" \
        "  (ORDER BY extract(epoch FROM d.closed_at - d.lead_created_at) / 86400)" \
        "  FILTER (WHERE " NEED("cycle_median") ") AS cycle_median", \
        "FROM deals d WHERE d.workspace_id = $1::uuid AND d.status = 'won' AND " deals \
        " AND " CHANNEL_OK("d.channel"))

/* event: won deals closed in the period and by as_of, with or without a lead */
#define EVENT_DEALS "d.closed_at >= p.s AND d.closed_at < p.e AND d.closed_at <= $6"

/* cohort: won deals of leads created in the period (and by as_of), closed by the horizon */
#define COHORT_DEALS \
    "d.lead_id IS NOT NULL" \
    " AND d.lead_created_at >= p.s AND d.lead_created_at < p.e AND d.lead_created_at <= $6" \
    " AND d.closed_at <= p.h"

/* spend dated in the period, up to as_of's local date */
#define SPEND_PART \
    PER_PERIOD("spend_part", PERIODS, NEED("spend"), \
        CH("s.channel") " AS ch, sum(s.amount) AS spend", \
        "FROM spend s WHERE s.workspace_id = $1::uuid AND s.date >= p.sd AND s.date < p.ed" \
        " AND s.date <= ($6::timestamptz AT TIME ZONE " TZ ")::date" \
        " AND " CHANNEL_OK("s.channel"))

/* NPS answers in the period and by as_of; they have no channel */
#define NPS_PART \
    PER_PERIOD("nps_part", PERIODS, NEED("nps") " AND NOT $8::boolean", \
        "NULL::text AS ch, count(*) AS responses," \
        " count(*) FILTER (WHERE r.score >= 9) AS promoters," \
        " count(*) FILTER (WHERE r.score <= 6) AS detractors", \
        "FROM nps_responses r WHERE r.workspace_id = $1::uuid" \
        " AND r.responded_at >= p.s AND r.responded_at < p.e AND r.responded_at <= $6")

/* The parts unpivoted to (ord, ch, measure name, value). */
#define LEAD_ROWS(steps) \
    " SELECT ord, ch, m.name, m.value FROM lead_part CROSS JOIN LATERAL (VALUES" \
    "  ('leads', leads::float8), ('valid_leads', valid_leads), ('sql_leads', sql_leads)," \
    "  ('brand_leads', brand_leads), ('reaction_count', reaction_count)," \
    "  ('reaction_minutes_sum', reaction_sum), ('reaction_minutes_median', reaction_median)," \
    "  ('processed_within_workday', processed)" steps ") AS m(name, value)"

#define EVENT_STEP_ROWS \
    " UNION ALL SELECT ord, ch, 'contacted', n FROM contacted" \
    " UNION ALL SELECT ord, ch, 'meetings', n FROM meetings" \
    " UNION ALL SELECT ord, ch, 'proposals', n FROM proposals"

#define OTHER_ROWS \
    " UNION ALL SELECT ord, ch, m.name, m.value FROM deal_part CROSS JOIN LATERAL (VALUES" \
    "  ('won_deals', won_deals::float8), ('clients', clients), ('new_clients', new_clients)," \
    "  ('repeat_purchases', repeat_purchases), ('revenue', revenue::float8)," \
    "  ('revenue_new_clients', revenue_new::float8), ('gross_margin', margin::float8)," \
    "  ('deals_without_margin', without_margin), ('cycle_days_median', cycle_median))" \
    "  AS m(name, value)" \
    " UNION ALL SELECT ord, ch, 'spend', spend::float8 FROM spend_part" \
    " UNION ALL SELECT ord, ch, m.name, m.value FROM nps_part CROSS JOIN LATERAL (VALUES" \
    "  ('nps_responses', responses::float8), ('nps_promoters', promoters)," \
    "  ('nps_detractors', detractors)) AS m(name, value)"

/* event: the lead set, each funnel step by its own date, won deals by close, spend, NPS */
KPID_DB_STMT(event_measures,
    "WITH " LEAD_PART(PERIODS, NEED("lead_set"), "") ","
    " " EVENT_STEP("contacted", "first_contact_at") ","
    " " EVENT_STEP("meetings", "meeting_at") ","
    " " EVENT_STEP("proposals", "proposal_at") ","
    " " DEAL_PART(PERIODS, EVENT_DEALS) ","
    " " SPEND_PART ","
    " " NPS_PART
    LEAD_ROWS("")
    EVENT_STEP_ROWS
    OTHER_ROWS);

/* cohort: the lead set with its funnel steps by the horizon, the won deals of its leads by
 * the horizon, spend, NPS */
KPID_DB_STMT(cohort_measures,
    "WITH " HORIZONS ","
    " " LEAD_PART(PERIODS_H, COHORT_LEAD_GATE, COHORT_STEPS) ","
    " " DEAL_PART(PERIODS_H, COHORT_DEALS) ","
    " " SPEND_PART ","
    " " NPS_PART
    LEAD_ROWS(", ('contacted', contacted), ('meetings', meetings), ('proposals', proposals)")
    OTHER_ROWS);

// clang-format on

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
    {"deals", BIT(KPI_M_WON_DEALS) | BIT(KPI_M_CLIENTS) | BIT(KPI_M_NEW_CLIENTS) |
                  BIT(KPI_M_REPEAT_PURCHASES) | BIT(KPI_M_REVENUE) |
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
};
#undef BIT

void kpid_measures_empty(kpi_measure_set *set)
{
    kpi_measures_init(set);
    for (int m = 0; m < KPI_MEASURE_COUNT; m++)
        if (m != KPI_M_REACTION_MINUTES_MEDIAN && m != KPI_M_CYCLE_DAYS_MEDIAN)
            kpi_measures_set(set, (kpi_measure)m, 0.0);
}

void kpid_measures_free(struct kpid_measures *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->groups[i].channel);
    free(m->groups);
    m->groups = NULL;
    m->n = 0;
}

static bool same_channel(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static struct kpid_measure_group *find_group(const struct kpid_measures *m, size_t period,
                                             const char *channel)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->groups[i].period == period && same_channel(m->groups[i].channel, channel))
            return &m->groups[i];
    return NULL;
}

void kpid_measures_get(const struct kpid_measures *m, size_t period, const char *channel,
                       kpi_measure_set *out)
{
    const struct kpid_measure_group *g = find_group(m, period, channel);
    if (g != NULL)
        *out = g->set;
    else
        kpid_measures_empty(out);
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

/* The group of (period, channel), added with empty measures when new; NULL out of memory. */
static struct kpid_measure_group *group_of(struct kpid_measures *m, size_t period,
                                           const char *channel, size_t cap)
{
    struct kpid_measure_group *g = find_group(m, period, channel);
    if (g != NULL || m->n == cap)
        return g;
    g = &m->groups[m->n];
    g->period = period;
    g->channel = channel ? strdup(channel) : NULL;
    if (channel != NULL && g->channel == NULL)
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

/* Reads the unpivoted rows (ord, channel, name, value) into groups. */
static enum kpid_db_status read_rows(const PGresult *res, size_t n_spans, bool by_channel,
                                     struct kpid_measures *out)
{
    int rows = PQntuples(res);
    /* at most one group per (period, channel) and every channel has at least one row */
    size_t cap = by_channel ? (size_t)rows + n_spans : n_spans;
    out->groups = calloc(cap > 0 ? cap : 1, sizeof *out->groups);
    if (out->groups == NULL)
        return KPID_DB_ERROR;
    for (int r = 0; r < rows; r++) {
        size_t period = strtoul(PQgetvalue(res, r, 0), NULL, 10) - 1;
        const char *channel = PQgetisnull(res, r, 1) ? NULL : PQgetvalue(res, r, 1);
        const char *name = PQgetvalue(res, r, 2);
        kpi_measure m;
        if (period >= n_spans || (by_channel && channel == NULL) ||
            !kpi_measure_lookup(name, strlen(name), &m))
            continue; /* by channel: deals without a channel and NPS answers */
        struct kpid_measure_group *g = group_of(out, period, channel, cap);
        if (g == NULL)
            return KPID_DB_ERROR;
        if (PQgetisnull(res, r, 3))
            kpi_measures_clear(&g->set, m);
        else
            kpi_measures_set(&g->set, m, strtod(PQgetvalue(res, r, 3), NULL));
    }
    return KPID_DB_OK;
}

/* The names of the parts that compute a measure of `needs`, as a text[] literal into a. */
static const char *part_names(kpi_measure_mask needs, struct kpid_pg_array *a)
{
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (needs & parts[i].measures)
            kpid_pg_array_add(a, parts[i].name);
    return kpid_pg_array_text(a);
}

enum kpid_db_status kpid_measures_compute_some(struct kpid_db *db, const char *workspace_id,
                                               const struct kpid_span *spans, size_t n_spans,
                                               const char *as_of,
                                               const struct kpid_measure_spec *spec,
                                               kpi_measure_mask needs, struct kpid_measures *out)
{
    memset(out, 0, sizeof *out);
    if (n_spans == 0 || n_spans > KPID_MEASURE_SPANS_MAX)
        return KPID_DB_ERROR;
    struct kpid_pg_array arrays[5] = {{0}};
    enum kpid_db_status st = KPID_DB_ERROR;
    const char *names = part_names(needs, &arrays[4]);
    if (span_arrays(spans, n_spans, arrays) && names != NULL) {
        char lag[16];
        snprintf(lag, sizeof lag, "%d", spec->lag_days);
        const char *params[] = {workspace_id,
                                kpid_pg_array_text(&arrays[0]),
                                kpid_pg_array_text(&arrays[1]),
                                kpid_pg_array_text(&arrays[2]),
                                kpid_pg_array_text(&arrays[3]),
                                as_of,
                                spec->channels_sql,
                                spec->by_channel ? "t" : "f",
                                names,
                                lag};
        bool cohort = spec->attribution == KPID_ATTRIBUTION_COHORT;
        PGresult *res = cohort ? kpid_db_exec(db, &cohort_measures, 10, params, &st)
                               : kpid_db_exec(db, &event_measures, 9, params, &st);
        if (res != NULL) {
            st = read_rows(res, n_spans, spec->by_channel, out);
            PQclear(res);
        }
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
                                      KPID_MEASURES_ALL, out);
}
