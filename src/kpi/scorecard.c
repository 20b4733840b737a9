/* Scorecards: definition checks, per-item index and bonus, total, bonus and payout. */
#include "kpi/score.h"

#include <math.h>

#include "error_internal.h"

const char *kpi_warning_text(unsigned warning_bit)
{
    return warning_bit == KPI_WARN_MANY_ITEMS ? "scorecard has more than 7 items"
                                              : "unknown warning";
}

static bool finite_at_least(double v, double min)
{
    return isfinite(v) && v >= min;
}

kpi_status kpi_scorecard_validate(const kpi_scorecard *sc, unsigned *warnings, kpi_error *err)
{
    if (sc->n_items < 1 || sc->n_items > KPI_SCORECARD_MAX_ITEMS)
        return kpi_fail(err, KPI_ERR_LIMIT, 0, "a scorecard has 1 to %d items",
                        KPI_SCORECARD_MAX_ITEMS);
    if (!isfinite(sc->max_attainment) || sc->max_attainment <= 0)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "max_attainment must be greater than 0");
    if (!finite_at_least(sc->fixed_pay, 0) || !finite_at_least(sc->bonus_base, 0))
        return kpi_fail(err, KPI_ERR_INVALID, 0, "fixed_pay and bonus_base must be 0 or more");
    double sum = 0;
    for (size_t i = 0; i < sc->n_items; i++) {
        const kpi_scorecard_item *it = &sc->items[i];
        if (!isfinite(it->weight) || it->weight <= 0)
            return kpi_fail(err, KPI_ERR_INVALID, (int)i + 1,
                            "weight of item %zu must be greater than 0", i + 1);
        if (it->granularity != sc->granularity)
            return kpi_fail(err, KPI_ERR_INVALID, (int)i + 1,
                            "KPI of item %zu is not of the scorecard's granularity (%s)", i + 1,
                            kpi_period_kind_name(sc->granularity));
        sum += it->weight;
    }
    if (fabs(sum - 1.0) > KPI_WEIGHT_SUM_TOLERANCE)
        return kpi_fail(err, KPI_ERR_INVALID, 0, "weights sum to %.12g, not 1", sum);
    if (warnings != NULL)
        *warnings = sc->n_items > KPI_SCORECARD_WARN_ITEMS ? KPI_WARN_MANY_ITEMS : 0u;
    return KPI_OK;
}

kpi_status kpi_scorecard_compute(const kpi_scorecard *sc, kpi_item_score *items_out,
                                 kpi_scorecard_score *out, kpi_error *err)
{
    unsigned warnings;
    kpi_status st = kpi_scorecard_validate(sc, &warnings, err);
    if (st != KPI_OK)
        return st;
    double total = 0;
    for (size_t i = 0; i < sc->n_items; i++) {
        const kpi_scorecard_item *it = &sc->items[i];
        kpi_item_score *r = &items_out[i];
        r->assessment = kpi_assess(it->direction, it->fact, &it->target, sc->max_attainment);
        r->index = it->weight * r->assessment.capped_attainment;
        r->item_bonus = sc->bonus_base * r->index;
        total += r->index;
    }
    out->total = total;
    out->bonus = sc->bonus_base * total;
    out->payout = sc->fixed_pay + out->bonus;
    out->warnings = warnings;
    return KPI_OK;
}
