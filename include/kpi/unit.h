/* How a KPI's number reads: its unit and which direction is better, with their API names. */
#ifndef KPI_UNIT_H
#define KPI_UNIT_H

#include "kpi/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kpi_unit {
    KPI_UNIT_COUNT = 0,
    KPI_UNIT_MONEY, /* written rounded to 0.01 (kpi_round_money) */
    KPI_UNIT_PERCENT,
    KPI_UNIT_MINUTES,
    KPI_UNIT_DAYS,
    KPI_UNIT_POINTS
} kpi_unit;

typedef enum kpi_direction { KPI_HIGHER_IS_BETTER = 0, KPI_LOWER_IS_BETTER } kpi_direction;

/* "count", "money", "percent", "minutes", "days", "points"; static storage. */
const char *kpi_unit_name(kpi_unit unit);
kpi_status kpi_unit_parse(const char *text, kpi_unit *out, kpi_error *err);

/* "higher_is_better", "lower_is_better"; static storage. */
const char *kpi_direction_name(kpi_direction direction);
kpi_status kpi_direction_parse(const char *text, kpi_direction *out, kpi_error *err);

/*
 * Money as written out: rounded half away from zero to 0.01. Only for output;
 * computation never rounds midway. A value within 4 ulps of a half cent
 * counts as the half (1.005, stored as 1.00499999999999989..., gives 1.01), so
 * the decimal a person typed rounds as they expect. Non-finite values and
 * magnitudes beyond 2^52 cents come back unchanged; -0 comes back as 0.
 */
double kpi_round_money(double amount);

#ifdef __cplusplus
}
#endif

#endif
