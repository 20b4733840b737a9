/* The metric catalogue as data: every built-in metric is a formula over measures. */
#include "kpi/metrics.h"

#include <string.h>

#define H KPI_HIGHER_IS_BETTER
#define L KPI_LOWER_IS_BETTER

static const kpi_metric CATALOGUE[] = {
    {"leads", "Leads", "leads", KPI_UNIT_COUNT, H},
    {"valid_leads", "Valid leads", "valid_leads", KPI_UNIT_COUNT, H},
    {"cpl", "Cost per valid lead", "spend / valid_leads", KPI_UNIT_MONEY, L},
    {"sql_share", "SQL share of valid leads", "100 * sql_leads / valid_leads", KPI_UNIT_PERCENT, H},
    {"brand_lead_share", "Brand share of valid leads", "100 * brand_leads / valid_leads",
     KPI_UNIT_PERCENT, H},
    {"cr_lead_contact", "Conversion lead to contact", "100 * contacted / valid_leads",
     KPI_UNIT_PERCENT, H},
    {"cr_contact_meeting", "Conversion contact to meeting", "100 * meetings / contacted",
     KPI_UNIT_PERCENT, H},
    {"cr_meeting_proposal", "Conversion meeting to proposal", "100 * proposals / meetings",
     KPI_UNIT_PERCENT, H},
    {"cr_proposal_deal", "Conversion proposal to deal", "100 * clients / proposals",
     KPI_UNIT_PERCENT, H},
    {"cr_lead_client", "Conversion lead to client", "100 * clients / valid_leads", KPI_UNIT_PERCENT,
     H},
    {"reaction_time_avg", "Average reaction time", "reaction_minutes_sum / reaction_count",
     KPI_UNIT_MINUTES, L},
    {"reaction_time_median", "Median reaction time", "reaction_minutes_median", KPI_UNIT_MINUTES,
     L},
    {"processed_within_workday_share", "Leads processed within a workday",
     "100 * processed_within_workday / valid_leads", KPI_UNIT_PERCENT, H},
    {"won_deals", "Won deals", "won_deals", KPI_UNIT_COUNT, H},
    {"clients", "Clients", "clients", KPI_UNIT_COUNT, H},
    {"new_clients", "New clients", "new_clients", KPI_UNIT_COUNT, H},
    {"repeat_purchases", "Repeat purchases", "repeat_purchases", KPI_UNIT_COUNT, H},
    {"revenue", "Revenue", "revenue", KPI_UNIT_MONEY, H},
    {"revenue_new_clients", "Revenue from new clients", "revenue_new_clients", KPI_UNIT_MONEY, H},
    {"gross_margin", "Gross margin", "gross_margin", KPI_UNIT_MONEY, H},
    {"spend", "Marketing spend", "spend", KPI_UNIT_MONEY, L},
    {"avg_check", "Average deal size", "revenue / won_deals", KPI_UNIT_MONEY, H},
    {"gross_margin_pct", "Gross margin share of revenue", "100 * gross_margin / revenue",
     KPI_UNIT_PERCENT, H},
    {"cac", "Customer acquisition cost", "spend / new_clients", KPI_UNIT_MONEY, L},
    {"romi", "Return on marketing investment", "100 * (gross_margin - spend) / spend",
     KPI_UNIT_PERCENT, H},
    {"roas", "Return on ad spend", "100 * revenue / spend", KPI_UNIT_PERCENT, H},
    {"deal_cycle_days", "Median deal cycle", "cycle_days_median", KPI_UNIT_DAYS, L},
    {"nps", "Net promoter score", "100 * (nps_promoters - nps_detractors) / nps_responses",
     KPI_UNIT_POINTS, H},
    /* channel records (section 8) */
    {"ctr", "Click-through rate", "100 * clicks / impressions", KPI_UNIT_PERCENT, H},
    {"cpc", "Cost per click", "spend / clicks", KPI_UNIT_MONEY, L},
    {"cpm", "Cost per 1000 impressions", "1000 * spend / impressions", KPI_UNIT_MONEY, L},
    {"cost_per_conversion", "Cost per platform conversion", "spend / conversions", KPI_UNIT_MONEY,
     L},
    {"click_to_lead_cr", "Conversion click to valid lead", "100 * valid_leads / clicks",
     KPI_UNIT_PERCENT, H},
    {"sessions", "Site sessions", "sessions", KPI_UNIT_COUNT, H},
    {"bounce_rate", "Bounce rate", "100 * bounces / sessions", KPI_UNIT_PERCENT, L},
    {"site_cr", "Conversion session to valid lead", "100 * valid_leads / sessions",
     KPI_UNIT_PERCENT, H},
    {"open_rate", "E-mail open rate", "100 * emails_opened / emails_delivered", KPI_UNIT_PERCENT,
     H},
    {"email_ctr", "E-mail click rate", "100 * email_clicks / emails_delivered", KPI_UNIT_PERCENT,
     H},
    {"unsubscribe_rate", "E-mail unsubscribe rate", "100 * unsubscribes / emails_delivered",
     KPI_UNIT_PERCENT, L},
    {"reach", "Reach", "reach", KPI_UNIT_COUNT, H},
    {"engagement_per_1000", "Engagements per 1000 followers", "1000 * engagements / followers_end",
     KPI_UNIT_COUNT, H},
    {"audience_growth", "Audience growth", "followers_end - followers_prev_end", KPI_UNIT_COUNT, H},
    {"ltv", "Lifetime value of new clients", "ltv_revenue / ltv_clients", KPI_UNIT_MONEY, H},
    {"repeat_rate", "New clients buying again", "100 * repeat_clients / ltv_clients",
     KPI_UNIT_PERCENT, H},
    {"romi_ltv", "Lifetime value per acquisition cost",
     "100 * (ltv_revenue / ltv_clients) / (spend / new_clients)", KPI_UNIT_PERCENT, H},
};

#define N_METRICS (sizeof CATALOGUE / sizeof CATALOGUE[0])

size_t kpi_metric_count(void)
{
    return N_METRICS;
}

const kpi_metric *kpi_metric_at(size_t i)
{
    return i < N_METRICS ? &CATALOGUE[i] : NULL;
}

const kpi_metric *kpi_metric_find(const char *id)
{
    for (size_t i = 0; id != NULL && i < N_METRICS; i++)
        if (strcmp(CATALOGUE[i].id, id) == 0)
            return &CATALOGUE[i];
    return NULL;
}

kpi_status kpi_metric_compile(const kpi_metric *metric, kpi_formula *out, kpi_error *err)
{
    return kpi_formula_compile(metric->formula, out, err);
}
