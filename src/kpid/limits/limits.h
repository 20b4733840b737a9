/* Per-workspace limits: their defaults, the operator's overrides, and the refusal they cause. */
#ifndef KPID_LIMITS_H
#define KPID_LIMITS_H

#include "kpid/store/result.h"

#include <jansson.h>
#include <stddef.h>

struct pg_result; /* libpq's PGresult */

/* The limits of one workspace, each already resolved against its default. */
struct kpid_limits {
    long max_kpis;
    long max_scorecards;
    long max_sources;
    long max_result_periods;  /* periods one results request may cover (series ranges) */
    long max_result_rows;     /* rows one results reply may hold */
    long requests_per_second; /* per API key; the burst is one second's worth */
    long pool_share_pct;      /* percent of the database connections held at once */
};

/* One limit by name: the column of workspace_limits, the CLI option and the "limit" member of
 * a limit-exceeded problem all use this name. */
struct kpid_limit_def {
    const char *name;
    size_t offset; /* in struct kpid_limits */
    long min;
    long max;
};
extern const struct kpid_limit_def kpid_limit_defs[];
extern const size_t kpid_limit_count;

/* kpid's defaults (KPID_WORKSPACE_POOL_SHARE sets pool_share_pct); read-only once serving. */
extern struct kpid_limits kpid_limits_default;

/* How long one results transaction may run, in milliseconds (KPID_RESULTS_TIMEOUT). */
extern unsigned kpid_results_timeout_ms;

/* Reads the KPID_* variables of this module into the defaults; -1 with a message on a bad
 * value. Called once before serving. */
int kpid_limits_load_env(char *err, size_t err_size);

/* The limits in row `row` of res, each read from the column named like it; NULL columns take
 * the default. */
void kpid_limits_from_row(struct kpid_limits *out, const kpid_result *res, int row);

/* The value of a limit by its definition. */
long kpid_limit_value(const struct kpid_limits *l, const struct kpid_limit_def *def);

/* The definition called name, or NULL. */
const struct kpid_limit_def *kpid_limit_find(const char *name);

/* The 422 limit-exceeded problem body: {type, title, status, detail, limit, value}. */
json_t *kpid_limit_problem(const char *limit, long value, const char *what);

/* The SQL columns of workspace_limits in kpid_limit_defs order, for SELECT lists ("l." prefix). */
#define KPID_LIMIT_COLUMNS                                                                         \
    "l.max_kpis, l.max_scorecards, l.max_sources, l.max_result_periods, l.max_result_rows,"        \
    " l.requests_per_second, l.pool_share_pct"

#endif
