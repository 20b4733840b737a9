/* kpid-datagen: loads a deterministic workspace of leads, deals, spend and NPS answers with COPY.
 */
#include "datagen_copy.h"
#include "datagen_model.h"

#include <getopt.h>
#include <pthread.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: kpid-datagen [--database-url URL] [--workspace NAME] [--leads N] [--months M]\n"
    "                    [--end-month YYYY-MM] [--seed S] [--jobs J]\n"
    "\n"
    "Loads N leads (default 1000000) created over the M months (default 12) that end with\n"
    "--end-month (default: last month, UTC), with their deals, daily spend per channel and NPS\n"
    "answers, into workspace NAME (default bench; created when missing), then merges the\n"
    "rollups' deltas the rows logged (as kpid's background pass does), VACUUMs and ANALYZEs\n"
    "(index-only scans need the visibility map).\n"
    "The same seed (default 1) gives the same data. A workspace that already holds\n"
    "kpid-datagen's leads is left as it is. The workspace must use the default time zone (UTC)\n"
    "and calendar (Mon-Fri 09:00-18:00) for reaction_minutes to match.\n"
    "Leads and deals go over J connections at once (default: the CPUs, at most 4).\n"
    "--database-url defaults to $KPID_DATABASE_URL.\n";

#define SOURCE "datagen"

#define MAX_JOBS 8

struct options {
    const char *url;
    const char *workspace;
    unsigned long long leads;
    int months;
    int end_year, end_month;
    unsigned long long seed;
    int jobs;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_count(const char *text, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (text[0] < '0' || text[0] > '9')
        return -1;
    *out = strtoull(text, &end, 10);
    return *end == '\0' && *out <= max ? 0 : -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longs[] = {
        {"database-url", required_argument, NULL, 'd'},
        {"workspace", required_argument, NULL, 'w'},
        {"leads", required_argument, NULL, 'n'},
        {"months", required_argument, NULL, 'm'},
        {"end-month", required_argument, NULL, 'e'},
        {"seed", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    time_t t = time(NULL);
    struct tm now;
    gmtime_r(&t, &now);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct options){getenv("KPID_DATABASE_URL"),
                          "bench",
                          1000000,
                          12,
                          0,
                          0,
                          1,
                          cpus < 1   ? 1
                          : cpus > 4 ? 4
                                     : (int)cpus};
    o->end_year = now.tm_mon == 0 ? now.tm_year + 1899 : now.tm_year + 1900;
    o->end_month = now.tm_mon == 0 ? 12 : now.tm_mon;
    unsigned long long v;
    int opt, extra;
    while ((opt = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (opt) {
        case 'd':
            o->url = optarg;
            break;
        case 'w':
            o->workspace = optarg;
            break;
        case 'n':
            if (parse_count(optarg, 100000000, &o->leads) != 0)
                return -1;
            break;
        case 'm':
            if (parse_count(optarg, 120, &v) != 0 || v == 0)
                return -1;
            o->months = (int)v;
            break;
        case 'e':
            if (strlen(optarg) != 7 ||
                sscanf(optarg, "%4d-%2d%n", &o->end_year, &o->end_month, &extra) != 2 ||
                extra != 7 || o->end_month < 1 || o->end_month > 12 || o->end_year < 1971)
                return -1;
            break;
        case 's':
            if (parse_count(optarg, UINT64_MAX, &o->seed) != 0)
                return -1;
            break;
        case 'j':
            if (parse_count(optarg, MAX_JOBS, &v) != 0 || v == 0)
                return -1;
            o->jobs = (int)v;
            break;
        default:
            return -1;
        }
    }
    return optind == argc && o->url != NULL && *o->url != '\0' ? 0 : -1;
}

/* Runs a statement with text parameters; returns its result, or NULL after printing the error. */
static PGresult *run(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    fprintf(stderr, "kpid-datagen: %s", PQresultErrorMessage(res));
    PQclear(res);
    return NULL;
}

static int run_ok(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *res = run(conn, sql, n, params);
    PQclear(res);
    return res == NULL ? -1 : 0;
}

static const char *or_null(const char *s)
{
    return s != NULL && *s != '\0' ? s : NULL;
}

static void copy_time(struct dg_copy *c, dg_time t)
{
    char text[32];
    if (t == 0) {
        dg_copy_text(c, NULL);
        return;
    }
    dg_time_format(t, text);
    dg_copy_text(c, text);
}

static void lead_row(struct dg_copy *c, const char *ws, const struct dg_lead *l)
{
    dg_copy_text(c, ws);
    dg_copy_text(c, l->id);
    dg_copy_text(c, SOURCE);
    dg_copy_text(c, l->external_id);
    dg_copy_text(c, l->channel->name);
    dg_copy_text(c, l->campaign);
    dg_copy_text(c, l->channel->utm_source);
    dg_copy_text(c, l->channel->utm_medium);
    copy_time(c, l->created_at);
    dg_copy_text(c, l->name);
    dg_copy_text(c, or_null(l->phone));
    dg_copy_text(c, or_null(l->email));
    dg_copy_text(c, or_null(l->phone_norm));
    dg_copy_text(c, or_null(l->email_norm));
    dg_copy_text(c, l->region);
    dg_copy_bool(c, l->valid); /* is_valid: stated by the sender */
    dg_copy_text(c, l->invalid_reason);
    dg_copy_bool(c, l->is_sql);
    dg_copy_bool(c, l->is_brand);
    copy_time(c, l->first_contact_at);
    copy_time(c, l->meeting_at);
    copy_time(c, l->proposal_at);
    copy_time(c, l->lost_at);
    dg_copy_text(c, l->lost_reason);
    dg_copy_bool(c, l->valid);
    dg_copy_text(c, or_null(l->duplicate_of));
    dg_copy_text(c, l->stage);
    if (l->first_contact_at)
        dg_copy_double(c, l->reaction_minutes);
    else
        dg_copy_text(c, NULL);
    dg_copy_row_end(c);
}

static void deal_rows(struct dg_copy *c, const char *ws, const struct dg_lead *l)
{
    for (int i = 0; i < l->n_deals; i++) {
        const struct dg_deal *d = &l->deals[i];
        dg_copy_text(c, ws);
        dg_copy_text(c, d->id);
        dg_copy_text(c, SOURCE);
        dg_copy_text(c, d->external_id);
        dg_copy_text(c, d->linked ? l->id : NULL);
        dg_copy_text(c, l->client_ref);
        dg_copy_text(c, l->channel->name);
        dg_copy_text(c, d->amount);
        dg_copy_text(c, or_null(d->gross_margin));
        dg_copy_text(c, d->status);
        copy_time(c, d->created_at);
        copy_time(c, d->closed_at);
        dg_copy_row_end(c);
    }
}

static void nps_row(struct dg_copy *c, const char *ws, const struct dg_lead *l,
                    unsigned long long seed)
{
    char id[48], score[8];
    if (l->nps_score < 0)
        return;
    snprintf(id, sizeof id, "s%llu-n%llu", seed, (unsigned long long)l->index);
    snprintf(score, sizeof score, "%d", l->nps_score);
    dg_copy_text(c, ws);
    dg_copy_text(c, id);
    dg_copy_text(c, score);
    copy_time(c, l->nps_at);
    dg_copy_text(c, l->client_ref);
    dg_copy_row_end(c);
}

enum table { LEADS, DEALS, NPS };

static const char *const copy_sql[] = {
    "COPY leads (workspace_id, id, source, external_id, channel, campaign, utm_source,"
    " utm_medium, created_at, contact_name, contact_phone, contact_email, phone_norm, email_norm,"
    " region, is_valid, invalid_reason, is_sql, is_brand, first_contact_at, meeting_at,"
    " proposal_at, lost_at, lost_reason, valid, duplicate_of, stage, reaction_minutes) FROM STDIN",
    "COPY deals (workspace_id, id, source, external_id, lead_id, client_ref, channel, amount,"
    " gross_margin, status, created_at, closed_at) FROM STDIN",
    "COPY nps_responses (workspace_id, external_id, score, responded_at, client_ref) FROM STDIN",
};

/*
 * Writes the rows of one table for leads [*next, end) with one COPY, stopping at the first
 * lead boundary after `max_rows` rows; *next becomes the first lead not written.
 */
static int copy_pass(PGconn *conn, const struct dg_model *m, const char *ws, enum table t,
                     uint64_t *next, uint64_t end, uint64_t max_rows, uint64_t *rows)
{
    struct dg_copy c;
    struct dg_lead l;
    if (dg_copy_begin(&c, conn, copy_sql[t]) != 0)
        return -1;
    for (; *next < end && c.rows < max_rows && !c.failed; (*next)++) {
        dg_lead_generate(m, *next, &l);
        if (t == LEADS)
            lead_row(&c, ws, &l);
        else if (t == DEALS)
            deal_rows(&c, ws, &l);
        else
            nps_row(&c, ws, &l, (unsigned long long)m->seed);
    }
    *rows = c.rows;
    return dg_copy_finish(&c);
}

static int copy_spend(PGconn *conn, const struct dg_model *m, const char *ws, uint64_t *rows)
{
    struct dg_copy c;
    char amount[24], date[KPI_DATE_TEXT_SIZE];
    if (dg_copy_begin(
            &c, conn,
            "COPY channel_stats (workspace_id, channel, date, campaign, spend) FROM STDIN") != 0)
        return -1;
    for (int d = 0; d < m->n_days; d++) {
        kpi_date_format(m->first_day + d, date);
        for (size_t ch = 0; ch < dg_channel_count; ch++) {
            for (int k = 0; k < dg_channels[ch].n_campaigns; k++) {
                dg_spend(m, d, ch, k, amount);
                if (amount[0] == '\0')
                    continue;
                dg_copy_text(&c, ws);
                dg_copy_text(&c, dg_channels[ch].name);
                dg_copy_text(&c, date);
                dg_copy_text(&c, dg_channels[ch].campaigns[k]);
                dg_copy_text(&c, amount);
                dg_copy_row_end(&c);
            }
        }
    }
    *rows = c.rows;
    return dg_copy_finish(&c);
}

/*
 * Creates the workspace when missing; its id into ws and its dedupe window into window_days.
 * Returns 1 when it already holds generated data, 0 when not, -1 on error. The session keeps
 * a lock on the name until it ends, so that a second run waits and then finds the data.
 */
static int workspace_prepare(PGconn *conn, const char *name, char ws[37], int *window_days)
{
    const char *p[] = {name, SOURCE};
    PGresult *res;
    if (run_ok(conn, "SELECT pg_advisory_lock(hashtext('kpid-datagen:' || $1))", 1, p) != 0 ||
        run_ok(conn, "INSERT INTO workspaces (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", 1,
               p) != 0 ||
        (res = run(conn,
                   "SELECT w.id, EXISTS (SELECT 1 FROM leads l WHERE l.workspace_id = w.id"
                   " AND l.source = $2), coalesce((SELECT s.dedupe_window_days"
                   " FROM workspace_settings s WHERE s.workspace_id = w.id), 30)"
                   " FROM workspaces w WHERE w.name = $1",
                   2, p)) == NULL)
        return -1;
    snprintf(ws, 37, "%s", PQgetvalue(res, 0, 0));
    int loaded = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    *window_days = atoi(PQgetvalue(res, 0, 2));
    PQclear(res);
    return loaded;
}

/*
 * Deals go in chunks of their own transactions: kpid's deal triggers take the workspace's
 * refresh lock and a lock per client of a statement and hold them to the end of the
 * transaction. The table is analysed whenever it
 * has doubled, so that the triggers' queries never keep a plan made for an empty table.
 */
#define DEAL_CHUNK 5000

/* One connection loading the leads [from, to), then their deals. */
struct stream {
    const char *url;
    const struct dg_model *m;
    const char *ws;
    uint64_t from, to;
    uint64_t leads, deals;
    int rc;
};

static int stream_deals(PGconn *conn, struct stream *s)
{
    uint64_t next = s->from, rows, analysed = 0;
    while (next < s->to) {
        if (run_ok(conn, "BEGIN", 0, NULL) != 0 ||
            copy_pass(conn, s->m, s->ws, DEALS, &next, s->to, DEAL_CHUNK, &rows) != 0 ||
            run_ok(conn, "COMMIT", 0, NULL) != 0)
            return -1;
        s->deals += rows;
        if (s->deals >= 2 * analysed && next < s->to) {
            if (run_ok(conn, "ANALYZE deals", 0, NULL) != 0)
                return -1;
            analysed = s->deals;
        }
    }
    return 0;
}

static void *stream_run(void *arg)
{
    struct stream *s = arg;
    uint64_t next = s->from;
    PGconn *conn = PQconnectdb(s->url);
    s->rc = -1;
    if (PQstatus(conn) != CONNECTION_OK)
        fprintf(stderr, "kpid-datagen: %s", PQerrorMessage(conn));
    else if (run_ok(conn, "SET jit = off", 0, NULL) == 0 && run_ok(conn, "BEGIN", 0, NULL) == 0 &&
             copy_pass(conn, s->m, s->ws, LEADS, &next, s->to, UINT64_MAX, &s->leads) == 0 &&
             run_ok(conn, "COMMIT", 0, NULL) == 0 && stream_deals(conn, s) == 0)
        s->rc = 0;
    PQfinish(conn);
    return NULL;
}

/* Leads and deals over `jobs` connections at once, each with its share of the leads. */
static int copy_streams(const struct options *o, const struct dg_model *m, const char *ws)
{
    struct stream s[MAX_JOBS];
    pthread_t threads[MAX_JOBS];
    int started = 0, rc = 0;
    uint64_t leads = 0, deals = 0;
    double t = now_s();
    for (int j = 0; j < o->jobs; j++) {
        s[j] = (struct stream){o->url,
                               m,
                               ws,
                               m->n_leads * (uint64_t)j / (uint64_t)o->jobs,
                               m->n_leads * (uint64_t)(j + 1) / (uint64_t)o->jobs,
                               0,
                               0,
                               -1};
        if (pthread_create(&threads[j], NULL, stream_run, &s[j]) != 0)
            break;
        started++;
    }
    for (int j = 0; j < started; j++) {
        pthread_join(threads[j], NULL);
        leads += s[j].leads;
        deals += s[j].deals;
        rc |= s[j].rc;
    }
    if (started < o->jobs || rc != 0)
        return -1;
    fprintf(stderr, "kpid-datagen: %llu leads and %llu deals in %.1f s over %d connections\n",
            (unsigned long long)leads, (unsigned long long)deals, now_s() - t, o->jobs);
    return 0;
}

/* NPS answers and spend, in one transaction. */
static int copy_rest(PGconn *conn, const struct dg_model *m, const char *ws)
{
    uint64_t next = 0, answers, spend;
    if (run_ok(conn, "BEGIN", 0, NULL) != 0 ||
        copy_pass(conn, m, ws, NPS, &next, m->n_leads, UINT64_MAX, &answers) != 0 ||
        copy_spend(conn, m, ws, &spend) != 0 || run_ok(conn, "COMMIT", 0, NULL) != 0)
        return -1;
    fprintf(stderr, "kpid-datagen: %llu NPS answers, %llu spend rows\n",
            (unsigned long long)answers, (unsigned long long)spend);
    return 0;
}

/* After a failure: removes what was loaded, so that a rerun starts over. */
static void unload(PGconn *conn, const char *ws)
{
    const char *p[] = {ws, SOURCE};
    PQclear(PQexec(conn, "ROLLBACK"));
    if (run_ok(conn, "BEGIN", 0, NULL) != 0 ||
        run_ok(conn, "DELETE FROM deals WHERE workspace_id = $1::uuid AND source = $2", 2, p) !=
            0 ||
        run_ok(conn, "DELETE FROM leads WHERE workspace_id = $1::uuid AND source = $2", 2, p) !=
            0 ||
        run_ok(conn, "COMMIT", 0, NULL) != 0)
        fprintf(stderr, "kpid-datagen: could not remove the partial load: drop workspace %s\n", ws);
}

/* The rows' triggers logged the rollups as deltas (src/kpid/store/functions/rollup_log.sql):
 * millions from a load this size, which every results read would add until kpid's background
 * pass merged them (minutes at 10M leads). Merges them now, so that the data is as kpid keeps
 * it; while a running kpid's pass holds the merge, waits for it. */
static int merge_rollups(PGconn *conn, const char *ws)
{
    const char *params[] = {ws};
    for (;;) {
        if (run_ok(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", 0, NULL) != 0 ||
            run_ok(conn, "SET LOCAL statement_timeout = 0", 0, NULL) != 0 ||
            run_ok(conn, "SELECT rollup_merge()", 0, NULL) != 0 ||
            run_ok(conn, "COMMIT", 0, NULL) != 0) {
            PQclear(PQexec(conn, "ROLLBACK"));
            return -1;
        }
        PGresult *res =
            run(conn, "SELECT EXISTS (SELECT FROM rollup_deltas WHERE workspace_id = $1::uuid)", 1,
                params);
        if (res == NULL)
            return -1;
        bool left = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        PQclear(res);
        if (!left)
            return 0;
        sleep(1);
    }
}

/* 0 when loaded (or already there), 1 on a database error, 2 on bad options. */
static int load(PGconn *conn, const struct options *o)
{
    struct dg_model m;
    char ws[37], err[256];
    int window_days;
    double t0 = now_s();
    if (run_ok(conn, "SET jit = off", 0, NULL) != 0 || run_ok(conn, "BEGIN", 0, NULL) != 0)
        return 1;
    int loaded = workspace_prepare(conn, o->workspace, ws, &window_days);
    if (loaded != 0) {
        if (loaded > 0)
            fprintf(stderr, "kpid-datagen: workspace %s already holds generated data; left as is\n",
                    o->workspace);
        return loaded > 0 ? 0 : 1;
    }
    if (run_ok(conn, "COMMIT", 0, NULL) != 0)
        return 1;
    if (dg_model_init(&m, o->seed, o->leads, o->end_year, o->end_month, o->months, window_days, err,
                      sizeof err) != 0) {
        fprintf(stderr, "kpid-datagen: %s\n", err);
        return 2;
    }
    int rc = 1;
    if (copy_streams(o, &m, ws) != 0 || copy_rest(conn, &m, ws) != 0 ||
        merge_rollups(conn, ws) != 0)
        unload(conn, ws);
    else if (run_ok(conn,
                    "VACUUM (ANALYZE) leads, deals, channel_stats, nps_responses, rollup_days,"
                    " rollup_deltas",
                    0, NULL) == 0)
        rc = 0;
    dg_model_free(&m);
    if (rc == 0)
        fprintf(stderr, "kpid-datagen: workspace %s (%s) loaded, merged and vacuumed in %.1f s\n",
                o->workspace, ws, now_s() - t0);
    return rc;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse_options(argc, argv, &o) != 0) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    PGconn *conn = PQconnectdb(o.url);
    int rc = 1;
    if (PQstatus(conn) != CONNECTION_OK)
        fprintf(stderr, "kpid-datagen: %s", PQerrorMessage(conn));
    else
        rc = load(conn, &o);
    PQfinish(conn);
    return rc;
}
