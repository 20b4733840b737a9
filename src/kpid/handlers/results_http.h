/* What the results endpoints share: the period in the path, the query parameters, a
 * read-only snapshot transaction, JSON-or-CSV replies, and the per-period GET steps. */
#ifndef KPID_HANDLERS_RESULTS_HTTP_H
#define KPID_HANDLERS_RESULTS_HTTP_H

#include "kpi/period.h"
#include "kpid/store/db.h"
#include "kpid/http/csv.h"
#include "kpid/http/request.h"
#include "kpid/ingest/pg_array.h"
#include "kpid/kpis/kpi_def.h"
#include "kpid/kpis/measures.h"
#include "kpid/kpis/results_frame.h"

#include <jansson.h>
#include <stdbool.h>

/* The query parameters a results endpoint may take (NULL / defaults when absent). */
struct kpid_results_params {
    const char *as_of;                 /* ?as_of= RFC 3339 */
    const char *channel;               /* ?channel= */
    const char *scope;                 /* ?scope= marketing|sales|shared */
    bool live;                         /* ?live=true */
    enum kpid_attribution attribution; /* ?attribution= event (default) | cohort */
    int lag_days;                      /* ?lag_days= 0..3660, default 0 */
    enum kpid_reply_format format;     /* ?format=, Accept: text/csv, ?dialect= */
    struct kpid_segment segment;       /* ?campaign=, ?utm_source= */
    enum kpid_measure_by by;           /* ?by= channel (default) | campaign | utm_source */
};

/* Which parameters an endpoint accepts; others are ignored. */
enum {
    KPID_RP_AS_OF = 1u,
    KPID_RP_CHANNEL = 2u,
    KPID_RP_SCOPE = 4u,
    KPID_RP_LIVE = 8u,
    KPID_RP_ATTRIBUTION = 16u, /* also lag_days */
    KPID_RP_SEGMENT = 32u,     /* campaign and utm_source */
    KPID_RP_BY = 64u,
};

/* The {id} path parameter as a period: 404 when it is not one (2025-01, 2025-Q1, 2025-W07,
 * 2025). */
enum kpid_outcome kpid_results_period(struct kpid_request *req, kpi_period *out);

/* Reads and checks the accepted parameters (422 naming the parameter when malformed). */
enum kpid_outcome kpid_results_params_read(struct kpid_request *req, unsigned accepted,
                                           struct kpid_results_params *p);

/* Runs fn in one REPEATABLE READ READ ONLY transaction (every number from one snapshot of
 * the data) with the results session settings. */
enum kpid_db_status kpid_results_read(struct kpid_db *db, kpid_db_tx_fn fn, void *ctx);

/* Replies 200 with body as JSON, or with rows as CSV (as format says); takes both. */
enum kpid_outcome kpid_results_reply(struct kpid_request *req, enum kpid_reply_format format,
                                     json_t *body, json_t *rows);

/* What a GET /v1/periods/{id}/... endpoint answers: its fn fills body (the JSON reply) and
 * rows (the CSV rows), both NULL when fn is called (again when the transaction is retried). */
struct kpid_period_answer {
    const char *workspace_id;
    kpi_period period;
    struct kpid_results_params p;
    json_t *body;
    json_t *rows;
    long max_rows; /* the workspace's max_result_rows: over it, fn returns KPID_DB_ABORT */
    struct kpid_results_refresh *refresh; /* asked to refresh stored results found stale */
};

typedef enum kpid_db_status (*kpid_period_answer_fn)(struct kpid_db *db,
                                                     struct kpid_period_answer *a);

/* GET /v1/periods/{id}/...: the period (404), the accepted parameters (422), a connection,
 * then fn in one kpid_results_read transaction and kpid_results_reply (422 limit-exceeded
 * when fn returns KPID_DB_ABORT: more rows than max_result_rows). */
enum kpid_outcome kpid_results_period_get(struct kpid_request *req, unsigned accepted,
                                          kpid_period_answer_fn fn);

/* The period's frame (as of a->p.as_of) and its measures by spec. Free both with
 * kpid_frames_free and kpid_measures_free, also after a failure (measures zeroed first). */
enum kpid_db_status kpid_results_period_measures(struct kpid_db *db,
                                                 const struct kpid_period_answer *a,
                                                 const struct kpid_measure_spec *spec,
                                                 struct kpid_frames *frames,
                                                 struct kpid_measures *measures);

/* ?channel= as a channel filter: a text[] literal kept in `one` (free it with
 * kpid_pg_array_free), or NULL without the parameter. */
const char *kpid_results_channel_sql(const struct kpid_results_params *p,
                                     struct kpid_pg_array *one);

/* kpid_results_head with the spec's "attribution" and "lag_days". */
json_t *kpid_results_measures_head(const struct kpid_frames *frames,
                                   const struct kpid_measure_spec *spec);

#endif
