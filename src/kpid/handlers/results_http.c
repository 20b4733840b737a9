/* Shared parsing, transaction and reply helpers of the results endpoints. */
#include "kpid/handlers/results_http.h"
#include "kpid/enums.h"

#include "kpid/http/csv.h"
#include "kpid/json/fields.h"
#include "kpid/http/limits.h"
#include "kpid/http/server.h"
#include "kpid/kpis/results.h"
#include "kpid/store/results_session.h"

#include <stdlib.h>
#include <string.h>

enum kpid_outcome kpid_results_period(struct kpid_request *req, kpi_period *out)
{
    const char *id = kpid_http_param(req, 0);
    if (kpi_period_parse(id, out, NULL) != KPI_OK)
        return kpid_http_problem(req, 404, "not-found", NULL,
                                 "%s is not a period (2025-01, 2025-Q1, 2025-W07 or 2025)", id);
    return KPID_OK;
}

/* The position of s among choices (NULL-terminated), or -1. */
static int index_of(const char *s, const char *const *choices)
{
    for (int i = 0; choices[i] != NULL; i++)
        if (strcmp(s, choices[i]) == 0)
            return i;
    return -1;
}

/* A channel, campaign or utm_source in a query: 1 to 200 characters. */
static bool is_name(const char *s)
{
    return *s != '\0' && strlen(s) <= 200;
}

enum kpid_outcome kpid_results_params_read(struct kpid_request *req, unsigned accepted,
                                           struct kpid_results_params *p)
{
    static const char *const booleans[] = {"true", "false", NULL};
    memset(p, 0, sizeof *p);
    const char *live = NULL, *attribution = NULL, *lag = NULL, *by = NULL;
    if (accepted & KPID_RP_AS_OF)
        p->as_of = kpid_http_query(req, "as_of");
    if (accepted & KPID_RP_CHANNEL)
        p->channel = kpid_http_query(req, "channel");
    if (accepted & KPID_RP_SCOPE)
        p->scope = kpid_http_query(req, "scope");
    if (accepted & KPID_RP_LIVE)
        live = kpid_http_query(req, "live");
    if (accepted & KPID_RP_SEGMENT) {
        p->segment.campaign = kpid_http_query(req, "campaign");
        p->segment.utm_source = kpid_http_query(req, "utm_source");
    }
    if (accepted & KPID_RP_BY)
        by = kpid_http_query(req, "by");
    if (accepted & KPID_RP_ATTRIBUTION) {
        attribution = kpid_http_query(req, "attribution");
        lag = kpid_http_query(req, "lag_days");
    }
    if (p->as_of != NULL && !kpid_is_timestamp(p->as_of))
        return kpid_http_invalid_field(req, "/as_of", "an RFC 3339 timestamp with an offset");
    if (p->channel != NULL && !is_name(p->channel))
        return kpid_http_invalid_field(req, "/channel", "a channel name of 1 to 200 characters");
    if (p->segment.campaign != NULL && !is_name(p->segment.campaign))
        return kpid_http_invalid_field(req, "/campaign", "a campaign of 1 to 200 characters");
    if (p->segment.utm_source != NULL && !is_name(p->segment.utm_source))
        return kpid_http_invalid_field(req, "/utm_source", "a utm_source of 1 to 200 characters");
    if (by != NULL && index_of(by, kpid_channel_groupings) < 0)
        return kpid_http_invalid_field(req, "/by", "one of channel, campaign, utm_source");
    if (p->scope != NULL && index_of(p->scope, kpid_kpi_owners) < 0)
        return kpid_http_invalid_field(req, "/scope", "one of marketing, sales, shared");
    if (live != NULL && index_of(live, booleans) < 0)
        return kpid_http_invalid_field(req, "/live", "true or false");
    if (attribution != NULL && index_of(attribution, kpid_attributions) < 0)
        return kpid_http_invalid_field(req, "/attribution", "event or cohort");
    char *end = NULL;
    long lag_days = lag ? strtol(lag, &end, 10) : 0;
    if (lag != NULL && (*lag < '0' || *lag > '9' || *end != '\0' || lag_days > 3650))
        return kpid_http_invalid_field(req, "/lag_days", "a whole number of days, 0 to 3650");
    p->live = live != NULL && strcmp(live, "true") == 0;
    p->attribution = attribution != NULL && strcmp(attribution, "cohort") == 0
                         ? KPID_ATTRIBUTION_COHORT
                         : KPID_ATTRIBUTION_EVENT;
    p->lag_days = (int)lag_days;
    p->by =
        (enum kpid_measure_by)(KPID_BY_CHANNEL + (by ? index_of(by, kpid_channel_groupings) : 0));
    return kpid_http_negotiate_csv(req, &p->format);
}

struct read_tx {
    kpid_db_tx_fn fn;
    void *ctx;
};

static enum kpid_db_status run_read(struct kpid_db *db, void *ctx)
{
    struct read_tx *tx = ctx;
    enum kpid_db_status st = kpid_store_results_read_only(db);
    if (st == KPID_DB_OK)
        st = kpid_store_results_session(db, kpid_results_timeout_ms);
    if (st != KPID_DB_OK)
        return st;
    return tx->fn(db, tx->ctx);
}

enum kpid_db_status kpid_results_read(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx)
{
    struct read_tx tx = {fn, ctx};
    return kpid_db_transaction(db, run_read, &tx);
}

enum kpid_outcome kpid_results_reply(struct kpid_request *req, enum kpid_reply_format format,
                                     json_t *body, json_t *rows)
{
    if (format != KPID_FORMAT_JSON) {
        json_decref(body);
        return kpid_http_reply_csv(req, format, rows);
    }
    json_decref(rows);
    return kpid_http_reply_json(req, 200, body);
}

struct period_tx {
    struct kpid_period_answer *a;
    kpid_period_answer_fn fn;
};

static enum kpid_db_status run_period(struct kpid_db *db, void *ctx)
{
    struct period_tx *tx = ctx;
    json_decref(tx->a->body);
    json_decref(tx->a->rows);
    tx->a->body = tx->a->rows = NULL;
    return tx->fn(db, tx->a);
}

enum kpid_outcome kpid_results_period_get(struct kpid_request *req, unsigned accepted,
                                          kpid_period_answer_fn fn)
{
    struct kpid_period_answer a = {.workspace_id = req->auth.workspace_id,
                                   .max_rows = req->auth.limits.max_result_rows,
                                   .refresh = req->server->refresh};
    struct period_tx tx = {&a, fn};
    struct kpid_db *db;
    enum kpid_outcome rc;
    if ((rc = kpid_results_period(req, &a.period)) != KPID_OK ||
        (rc = kpid_results_params_read(req, accepted, &a.p)) != KPID_OK ||
        (rc = kpid_http_db(req, &db)) != KPID_OK)
        return rc;
    enum kpid_db_status st = kpid_results_read(db, run_period, &tx);
    if (st != KPID_DB_OK) {
        json_decref(a.body);
        json_decref(a.rows);
        if (st == KPID_DB_ABORT)
            return kpid_limits_refuse(req, "max_result_rows", "the results have too many rows");
        return kpid_http_db_failed(req, st);
    }
    return kpid_results_reply(req, a.p.format, a.body, a.rows);
}

enum kpid_db_status kpid_results_period_measures(struct kpid_db *db,
                                                 const struct kpid_period_answer *a,
                                                 const struct kpid_measure_spec *spec,
                                                 struct kpid_frames *frames,
                                                 struct kpid_measures *measures)
{
    memset(measures, 0, sizeof *measures);
    enum kpid_db_status st =
        kpid_frames_load(db, a->workspace_id, &a->period, 1, a->p.as_of, frames);
    if (st == KPID_DB_OK)
        st = kpid_measures_compute(db, a->workspace_id, &frames->items[0].span, 1, frames->as_of,
                                   spec, measures);
    return st;
}

const char *kpid_results_channel_sql(const struct kpid_results_params *p, struct kpid_pg_array *one)
{
    if (p->channel == NULL)
        return NULL;
    kpid_pg_array_add(one, p->channel);
    return kpid_pg_array_text(one);
}

json_t *kpid_results_measures_head(const struct kpid_frames *frames,
                                   const struct kpid_measure_spec *spec)
{
    json_t *head = kpid_results_head(frames);
    json_object_set_new(head, "attribution", json_string(kpid_attribution_name(spec->attribution)));
    json_object_set_new(head, "lag_days", json_integer(spec->lag_days));
    return head;
}
