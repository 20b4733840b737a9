/* kpiscore's payout statement: libkpi's pay per month of the period, then the statement on the
 * scored scorecard, as the daemon's GET /v1/periods/{id}/payouts writes it. */
#include "kpiscore.h"

static json_t *month_json(const kpi_period *month, const kpi_month_pay *m)
{
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(month, id);
    return json_pack("{s:s,s:i,s:f,s:i,s:i,s:f,s:f}", "month", id, "tenure_month", m->tenure_month,
                     "fixed_share", m->fixed_share, "employed_days", m->employed_days,
                     "days_in_month", m->days_in_month, "fixed_pay", kpi_round_money(m->fixed_pay),
                     "bonus_base", kpi_round_money(m->bonus_base));
}

json_t *ks_statement(const ks_doc *doc, const kpi_item_score *scores, double total)
{
    kpi_period months[12];
    kpi_month_pay pay[12];
    size_t n = kpi_period_months(&doc->period, months);
    json_t *month_list = json_array(), *items = json_array();
    for (size_t i = 0; i < n; i++) {
        kpi_pay_month(&doc->pay, &doc->employment, &months[i], &pay[i], NULL); /* validated */
        json_array_append_new(month_list, month_json(&months[i], &pay[i]));
    }
    double indexes[KPI_SCORECARD_MAX_ITEMS], item_bonus[KPI_SCORECARD_MAX_ITEMS];
    for (size_t i = 0; i < doc->scorecard.n_items; i++)
        indexes[i] = scores[i].index;
    kpi_pay_statement s;
    kpi_pay_statement_compute(pay, n, total, doc->pay.pilot, indexes, doc->scorecard.n_items,
                              item_bonus, &s, NULL);
    for (size_t i = 0; i < doc->scorecard.n_items; i++)
        json_array_append_new(items,
                              json_pack("{s:s,s:f,s:f}", "kpi", doc->kpis[doc->item_kpi[i]].code,
                                        "index", indexes[i], "item_bonus", item_bonus[i]));
    char id[KPI_PERIOD_TEXT_SIZE];
    kpi_period_format(&doc->period, id);
    return json_pack("{s:s,s:s,s:i,s:f,s:o,s:o,s:f,s:f,s:f,s:f,s:f,s:f,s:b}", "person", doc->person,
                     "period", id, "tenure_month", pay[n - 1].tenure_month, "fixed_share",
                     pay[n - 1].fixed_share, "months", month_list, "items", items, "total", s.total,
                     "fixed_pay", s.fixed_pay, "bonus_base", s.bonus_base, "would_be_bonus",
                     s.would_be_bonus, "bonus", s.bonus, "payout", s.payout, "pilot",
                     doc->pay.pilot);
}
