/* A period's payout statement from its months' pay and the scorecard's total index. */
#include "kpi/pay.h"

#include <math.h>

#include "kpi/unit.h"

#include "error_internal.h"

kpi_status kpi_pay_statement_compute(const kpi_month_pay *months, size_t n_months, double total,
                                     bool pilot, const double *indexes, size_t n_items,
                                     double *item_bonus, kpi_pay_statement *out, kpi_error *err)
{
    if (n_months < 1 || n_months > 12)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "a statement covers 1 to 12 months");
    if (!isfinite(total) || total < 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "the total index must be 0 or more");
    double fixed = 0, bonus_base = 0;
    for (size_t i = 0; i < n_months; i++) {
        fixed += months[i].fixed_pay;
        bonus_base += months[i].bonus_base;
    }
    /* Lines are rounded once each, from unrounded inputs; the payout adds the rounded lines
     * so the statement adds up on paper. */
    for (size_t i = 0; i < n_items; i++)
        item_bonus[i] = kpi_round_money(bonus_base * indexes[i]);
    out->fixed_pay = kpi_round_money(fixed);
    out->bonus_base = kpi_round_money(bonus_base);
    out->total = total;
    out->would_be_bonus = kpi_round_money(bonus_base * total);
    out->bonus = pilot ? 0.0 : out->would_be_bonus;
    out->payout = kpi_round_money(out->fixed_pay + out->bonus);
    return KPI_OK;
}
