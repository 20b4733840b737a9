/* Unit and direction names as the API spells them. */
#include "kpi/unit.h"

#include <float.h>
#include <math.h>

#include "error_internal.h"
#include "names_internal.h"

static const char *const UNITS[] = {"count", "money", "percent", "minutes", "days", "points"};
static const char *const DIRECTIONS[] = {"higher_is_better", "lower_is_better"};
#define N_UNITS (sizeof UNITS / sizeof UNITS[0])
#define N_DIRECTIONS (sizeof DIRECTIONS / sizeof DIRECTIONS[0])

const char *kpi_unit_name(kpi_unit unit)
{
    return kpi_name_of(UNITS, N_UNITS, (int)unit);
}

kpi_status kpi_unit_parse(const char *text, kpi_unit *out, kpi_error *err)
{
    int i = kpi_name_index(UNITS, N_UNITS, text);
    if (i < 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0,
                        "unit must be count, money, percent, minutes, days or points");
    *out = (kpi_unit)i;
    return KPI_OK;
}

const char *kpi_direction_name(kpi_direction direction)
{
    return kpi_name_of(DIRECTIONS, N_DIRECTIONS, (int)direction);
}

kpi_status kpi_direction_parse(const char *text, kpi_direction *out, kpi_error *err)
{
    int i = kpi_name_index(DIRECTIONS, N_DIRECTIONS, text);
    if (i < 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0,
                        "direction must be higher_is_better or lower_is_better");
    *out = (kpi_direction)i;
    return KPI_OK;
}

double kpi_round_money(double amount)
{
    double cents = fabs(amount) * 100.0;
    if (!isfinite(amount) || cents >= 4503599627370496.0) /* 2^52: no fraction left */
        return amount;
    double whole = floor(cents);
    double tolerance = 4.0 * DBL_EPSILON * (cents > 1.0 ? cents : 1.0);
    if (cents - whole + tolerance >= 0.5)
        whole += 1.0;
    return copysign(whole / 100.0, amount) + 0.0;
}
