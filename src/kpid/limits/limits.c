/* Per-workspace limits: defaults, environment, overrides read from workspace_limits. */
#include "kpid/limits/limits.h"

#include "kpid/config.h"
#include "kpid/http/request.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEF(field, lo, hi)                                                                         \
    {                                                                                              \
#field, offsetof(struct kpid_limits, field), (lo), (hi)                                    \
    }

/* The order is that of KPID_LIMIT_COLUMNS. */
const struct kpid_limit_def kpid_limit_defs[] = {
    DEF(max_kpis, 0, 1000000),         DEF(max_scorecards, 0, 1000000),
    DEF(max_sources, 0, 1000000),      DEF(max_result_periods, 1, 60),
    DEF(max_result_rows, 1, 10000000), DEF(requests_per_second, 1, 1000000),
    DEF(pool_share_pct, 1, 100),
};
const size_t kpid_limit_count = sizeof kpid_limit_defs / sizeof kpid_limit_defs[0];

struct kpid_limits kpid_limits_default = {
    .max_kpis = 1000,
    .max_scorecards = 200,
    .max_sources = 100,
    .max_result_periods = 60,
    .max_result_rows = 2000,
    .requests_per_second = 2000,
    .pool_share_pct = 50,
};

unsigned kpid_results_timeout_ms = 10000;

int kpid_limits_load_env(char *err, size_t err_size)
{
    unsigned long long share, timeout;
    if (kpid_config_read_unsigned("KPID_WORKSPACE_POOL_SHARE", 50, 1, 100, &share, err, err_size) !=
            0 ||
        kpid_config_read_unsigned("KPID_RESULTS_TIMEOUT", 10, 1, 3600, &timeout, err, err_size) !=
            0)
        return -1;
    kpid_limits_default.pool_share_pct = (long)share;
    kpid_results_timeout_ms = (unsigned)timeout * 1000u;
    return 0;
}

long kpid_limit_value(const struct kpid_limits *l, const struct kpid_limit_def *def)
{
    return *(const long *)(const void *)((const char *)l + def->offset);
}

void kpid_limits_from_row(struct kpid_limits *out, const kpid_result *res, int row)
{
    *out = kpid_limits_default;
    for (size_t i = 0; i < kpid_limit_count; i++) {
        const char *value = kpid_result_text(res, row, kpid_limit_defs[i].name);
        if (value == NULL)
            continue;
        long *field = (long *)(void *)((char *)out + kpid_limit_defs[i].offset);
        *field = strtol(value, NULL, 10);
    }
}

const struct kpid_limit_def *kpid_limit_find(const char *name)
{
    for (size_t i = 0; i < kpid_limit_count; i++)
        if (strcmp(kpid_limit_defs[i].name, name) == 0)
            return &kpid_limit_defs[i];
    return NULL;
}

json_t *kpid_limit_problem(const char *limit, long value, const char *what)
{
    char detail[256];
    snprintf(detail, sizeof detail, "%s: the workspace's limit %s is %ld", what, limit, value);
    json_t *body = kpid_problem_body(422, "limit-exceeded", NULL, detail);
    json_object_set_new(body, "limit", json_string(limit));
    json_object_set_new(body, "value", json_integer(value));
    return body;
}
