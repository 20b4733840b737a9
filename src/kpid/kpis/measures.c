/* Computes every measure of a list of periods in one SQL statement per attribution. */
#include "kpid/kpis/measures.h"

#include "kpid/ingest/pg_array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Parameters of both statements: $1 workspace, $2/$3 the periods' start/end instants,
 * $4/$5 their local start/end dates, $6 as_of, $7 the channel filter (text[] or NULL), $8 by
 * channel; the cohort statement adds $9 lag_days. Each part aggregates per (period ordinal,
 * channel when by channel) over one index range, and the result is unpivoted to rows
 * (ord, channel, measure name, value) so that the caller maps names through libkpi.
 */
#define PERIODS                                                                                    \
    "unnest($2::timestamptz[], $3::timestamptz[], $4::date[], $5::date[])"                         \
    " WITH ORDINALITY AS p(s, e, sd, ed, ord)"
#define TZ                                                                                         \
    "coalesce((SELECT timezone FROM workspace_settings WHERE workspace_id = $1::uuid), 'UTC')"
#define WORKDAY                                                                                    \
    "coalesce((SELECT workday_minutes FROM workspace_settings WHERE workspace_id = $1::uuid), "    \
    "480)"
/* cohort: each period with its horizon min(as_of, end + lag days at local midnight) */
#define PERIODS_H                                                                                  \
    "(SELECT p.*, least($6::timestamptz, (p.ed + $9::int)::timestamp AT TIME ZONE " TZ ") AS h"    \
    " FROM " PERIODS ") AS p"
#define CH(col) "CASE WHEN $8::boolean THEN " col " END"
#define CHANNEL_OK(col) "($7::text[] IS NULL OR " col " = ANY ($7::text[]))"
#define REACTED "l.valid AND l.first_contact_at <= $6"

/* The lead set: leads created in the period and by as_of. */
#define LEAD_PART(steps, periods)                                                                  \
    "lead_part AS (SELECT p.ord, " CH(                                                             \
        "l.channel") " AS ch, count(*) AS leads,"                                                  \
                     " count(*) FILTER (WHERE l.valid) AS valid_leads,"                            \
                     " count(*) FILTER (WHERE l.valid AND l.is_sql) AS sql_leads,"                 \
                     " count(*) FILTER (WHERE l.valid AND l.is_brand) AS brand_leads,"             \
                     " count(l.reaction_minutes) FILTER (WHERE " REACTED ") AS reaction_count,"    \
                     " coalesce(sum(l.reaction_minutes) FILTER (WHERE " REACTED                    \
                     "), 0) AS reaction_sum,"                                                      \
                     " percentile_cont(0.5) WITHIN GROUP (ORDER BY l.reaction_minutes)"            \
                     "   FILTER (WHERE " REACTED ") AS reaction_median,"                           \
                     " count(*) FILTER (WHERE " REACTED " AND l.reaction_minutes <= " WORKDAY      \
                     ") AS processed" steps " FROM " periods                                       \
                     " JOIN leads l ON l.workspace_id = $1::uuid AND l.created_at >= p.s"          \
                     " AND l.created_at < p.e AND l.created_at <= $6"                              \
                     " WHERE " CHANNEL_OK("l.channel") " GROUP BY 1, 2)"

/* cohort funnel steps: valid leads of the lead set whose step is by the horizon */
#define COHORT_STEPS                                                                               \
    ", count(*) FILTER (WHERE l.valid AND l.first_contact_at <= p.h) AS contacted,"                \
    " count(*) FILTER (WHERE l.valid AND l.meeting_at <= p.h) AS meetings,"                        \
    " count(*) FILTER (WHERE l.valid AND l.proposal_at <= p.h) AS proposals"

/* event funnel steps: valid leads of any creation date whose step is in the period */
#define EVENT_STEP(name, col)                                                                      \
    name " AS (SELECT p.ord, " CH(                                                                 \
        "l.channel") " AS ch, count(*) AS n FROM " PERIODS                                         \
                     " JOIN leads l ON l.workspace_id = $1::uuid AND l.valid AND l." col " >= p.s" \
                     " AND l." col " < p.e AND l." col " <= $6"                                    \
                     " WHERE " CHANNEL_OK("l.channel") " GROUP BY 1, 2)"

/*
 * The won deals, each with whether it is a new client's: the sender's is_new_client, else
 * true when no won deal of the same client closed strictly earlier (first_won: the earliest
 * close per client among won deals closed by as_of, which every earlier deal is; DISTINCT ON
 * reads it off the (client_key, closed_at) index in order).
 */
#define DEAL_PART(deals)                                                                           \
    "first_won AS MATERIALIZED (SELECT DISTINCT ON (client_key) client_key, closed_at AS at"       \
    " FROM deals WHERE workspace_id = $1::uuid AND status = 'won' AND closed_at <= $6"             \
    " ORDER BY client_key, closed_at),"                                                            \
    " deal_set AS (SELECT p.ord, " CH(                                                             \
        "d.channel") " AS ch, d.lead_id, d.lead_valid, d.amount,"                                  \
                     " d.gross_margin, extract(epoch FROM d.closed_at - d.lead_created_at) / "     \
                     "86400 AS cycle_days,"                                                        \
                     " coalesce(d.is_new_client, f.at IS NULL OR d.closed_at <= f.at) AS is_new"   \
                     " FROM " deals " LEFT JOIN first_won f ON f.client_key = d.client_key"        \
                     " WHERE " CHANNEL_OK(                                                         \
                         "d.channel") "),"                                                         \
                                      " deal_part AS (SELECT ord, ch, count(*) AS won_deals,"      \
                                      " count(DISTINCT lead_id) FILTER (WHERE lead_valid) AS "     \
                                      "clients,"                                                   \
                                      " count(*) FILTER (WHERE is_new) AS new_clients,"            \
                                      " count(*) FILTER (WHERE NOT is_new) AS repeat_purchases, "  \
                                      "sum(amount) AS revenue,"                                    \
                                      " coalesce(sum(amount) FILTER (WHERE is_new), 0) AS "        \
                                      "revenue_new,"                                               \
                                      " coalesce(sum(gross_margin), 0) AS margin,"                 \
                                      " count(*) FILTER (WHERE gross_margin IS NULL) AS "          \
                                      "without_margin,"                                            \
                                      " percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle_days) "  \
                                      "AS cycle_median"                                            \
                                      " FROM deal_set GROUP BY 1, 2)"

/* event: won deals closed in the period and by as_of, with or without a lead */
#define EVENT_DEALS                                                                                \
    PERIODS " JOIN deals d ON d.workspace_id = $1::uuid AND d.status = 'won'"                      \
            " AND d.closed_at >= p.s AND d.closed_at < p.e AND d.closed_at <= $6"

/* cohort: won deals of leads created in the period (and by as_of), closed by the horizon */
#define COHORT_DEALS                                                                               \
    PERIODS_H " JOIN deals d ON d.workspace_id = $1::uuid AND d.status = 'won'"                    \
              " AND d.lead_id IS NOT NULL AND d.lead_created_at >= p.s"                            \
              " AND d.lead_created_at < p.e AND d.lead_created_at <= $6 AND d.closed_at <= p.h"

/* spend dated in the period, up to as_of's local date */
#define SPEND_PART                                                                                 \
    "spend_part AS (SELECT p.ord, " CH(                                                            \
        "s.channel") " AS ch, sum(s.amount) AS spend FROM " PERIODS                                \
                     " JOIN spend s ON s.workspace_id = $1::uuid AND s.date >= p.sd AND s.date < " \
                     "p.ed"                                                                        \
                     " AND s.date <= ($6::timestamptz AT TIME ZONE " TZ ")::date"                  \
                     " WHERE " CHANNEL_OK("s.channel") " GROUP BY 1, 2)"

/* NPS answers in the period and by as_of; they have no channel */
#define NPS_PART                                                                                   \
    "nps_part AS (SELECT p.ord, NULL::text AS ch, count(*) AS responses,"                          \
    " count(*) FILTER (WHERE r.score >= 9) AS promoters,"                                          \
    " count(*) FILTER (WHERE r.score <= 6) AS detractors FROM " PERIODS                            \
    " JOIN nps_responses r ON r.workspace_id = $1::uuid AND r.responded_at >= p.s"                 \
    " AND r.responded_at < p.e AND r.responded_at <= $6 WHERE NOT $8::boolean GROUP BY 1, 2)"

#define LEAD_ROWS(steps)                                                                           \
    "SELECT ord, ch, m.name, m.value FROM lead_part CROSS JOIN LATERAL (VALUES"                    \
    " ('leads', leads::float8), ('valid_leads', valid_leads), ('sql_leads', sql_leads),"           \
    " ('brand_leads', brand_leads), ('reaction_count', reaction_count),"                           \
    " ('reaction_minutes_sum', reaction_sum), ('reaction_minutes_median', reaction_median),"       \
    " ('processed_within_workday', processed)" steps ") AS m(name, value)"

#define OTHER_ROWS                                                                                 \
    " UNION ALL SELECT ord, ch, m.name, m.value FROM deal_part CROSS JOIN LATERAL (VALUES"         \
    " ('won_deals', won_deals::float8), ('clients', clients), ('new_clients', new_clients),"       \
    " ('repeat_purchases', repeat_purchases), ('revenue', revenue::float8),"                       \
    " ('revenue_new_clients', revenue_new::float8), ('gross_margin', margin::float8),"             \
    " ('deals_without_margin', without_margin), ('cycle_days_median', cycle_median))"              \
    " AS m(name, value)"                                                                           \
    " UNION ALL SELECT ord, ch, 'spend', spend::float8 FROM spend_part"                            \
    " UNION ALL SELECT ord, ch, m.name, m.value FROM nps_part CROSS JOIN LATERAL (VALUES"          \
    " ('nps_responses', responses::float8), ('nps_promoters', promoters),"                         \
    " ('nps_detractors', detractors)) AS m(name, value)"

KPID_DB_STMT(
    event_measures,
    "WITH " LEAD_PART("", PERIODS) ", " EVENT_STEP("contacted", "first_contact_at") ", " EVENT_STEP(
        "meetings",
        "meeting_at") ", " EVENT_STEP("proposals",
                                      "proposal_at") ", " DEAL_PART(EVENT_DEALS) ", " SPEND_PART
                                                                                 ", " NPS_PART
                                                                                 " " LEAD_ROWS(
                                                                                     "") " UNION "
                                                                                         "ALL "
                                                                                         "SELECT "
                                                                                         "ord, ch, "
                                                                                         "'contacte"
                                                                                         "d', n "
                                                                                         "FROM "
                                                                                         "contacted"
                                                                                         " UNION "
                                                                                         "ALL "
                                                                                         "SELECT "
                                                                                         "ord, ch, "
                                                                                         "'meetings"
                                                                                         "', n "
                                                                                         "FROM "
                                                                                         "meetings"
                                                                                         " UNION "
                                                                                         "ALL "
                                                                                         "SELECT "
                                                                                         "ord, ch, "
                                                                                         "'proposal"
                                                                                         "s', n "
                                                                                         "FROM "
                                                                                         "proposal"
                                                                                         "s" OTHER_ROWS);

KPID_DB_STMT(cohort_measures,
             "WITH " LEAD_PART(COHORT_STEPS, PERIODS_H) ", " DEAL_PART(
                 COHORT_DEALS) ", " SPEND_PART ", " NPS_PART
                               " " LEAD_ROWS(", ('contacted', contacted),"
                                             " ('meetings', meetings),"
                                             " ('proposals', proposals)") OTHER_ROWS);

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

enum kpid_db_status kpid_measures_compute(struct kpid_db *db, const char *workspace_id,
                                          const struct kpid_span *spans, size_t n_spans,
                                          const char *as_of, const struct kpid_measure_spec *spec,
                                          struct kpid_measures *out)
{
    memset(out, 0, sizeof *out);
    if (n_spans == 0 || n_spans > KPID_MEASURE_SPANS_MAX)
        return KPID_DB_ERROR;
    struct kpid_pg_array arrays[4] = {{0}};
    enum kpid_db_status st = KPID_DB_ERROR;
    if (span_arrays(spans, n_spans, arrays)) {
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
                                lag};
        bool cohort = spec->attribution == KPID_ATTRIBUTION_COHORT;
        PGresult *res = cohort ? kpid_db_exec(db, &cohort_measures, 9, params, &st)
                               : kpid_db_exec(db, &event_measures, 8, params, &st);
        if (res != NULL) {
            st = read_rows(res, n_spans, spec->by_channel, out);
            PQclear(res);
        }
    }
    for (int i = 0; i < 4; i++)
        kpid_pg_array_free(&arrays[i]);
    if (st != KPID_DB_OK)
        kpid_measures_free(out);
    return st;
}
