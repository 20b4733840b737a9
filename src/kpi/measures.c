/* Measure names and the measure-set value type. */
#include "kpi/measures.h"

#include <math.h>
#include <string.h>

static const char *const NAMES[KPI_MEASURE_COUNT] = {
    [KPI_M_LEADS] = "leads",
    [KPI_M_VALID_LEADS] = "valid_leads",
    [KPI_M_SQL_LEADS] = "sql_leads",
    [KPI_M_BRAND_LEADS] = "brand_leads",
    [KPI_M_CONTACTED] = "contacted",
    [KPI_M_MEETINGS] = "meetings",
    [KPI_M_PROPOSALS] = "proposals",
    [KPI_M_WON_DEALS] = "won_deals",
    [KPI_M_CLIENTS] = "clients",
    [KPI_M_NEW_CLIENTS] = "new_clients",
    [KPI_M_REPEAT_PURCHASES] = "repeat_purchases",
    [KPI_M_REVENUE] = "revenue",
    [KPI_M_REVENUE_NEW_CLIENTS] = "revenue_new_clients",
    [KPI_M_GROSS_MARGIN] = "gross_margin",
    [KPI_M_DEALS_WITHOUT_MARGIN] = "deals_without_margin",
    [KPI_M_SPEND] = "spend",
    [KPI_M_REACTION_COUNT] = "reaction_count",
    [KPI_M_REACTION_MINUTES_SUM] = "reaction_minutes_sum",
    [KPI_M_REACTION_MINUTES_MEDIAN] = "reaction_minutes_median",
    [KPI_M_PROCESSED_WITHIN_WORKDAY] = "processed_within_workday",
    [KPI_M_CYCLE_DAYS_MEDIAN] = "cycle_days_median",
    [KPI_M_NPS_RESPONSES] = "nps_responses",
    [KPI_M_NPS_PROMOTERS] = "nps_promoters",
    [KPI_M_NPS_DETRACTORS] = "nps_detractors",
    [KPI_M_IMPRESSIONS] = "impressions",
    [KPI_M_CLICKS] = "clicks",
    [KPI_M_SESSIONS] = "sessions",
    [KPI_M_BOUNCES] = "bounces",
    [KPI_M_REACH] = "reach",
    [KPI_M_ENGAGEMENTS] = "engagements",
    [KPI_M_EMAILS_SENT] = "emails_sent",
    [KPI_M_EMAILS_DELIVERED] = "emails_delivered",
    [KPI_M_EMAILS_OPENED] = "emails_opened",
    [KPI_M_EMAIL_CLICKS] = "email_clicks",
    [KPI_M_UNSUBSCRIBES] = "unsubscribes",
    [KPI_M_CONVERSIONS] = "conversions",
    [KPI_M_FOLLOWERS_END] = "followers_end",
    [KPI_M_FOLLOWERS_PREV_END] = "followers_prev_end",
    [KPI_M_LTV_CLIENTS] = "ltv_clients",
    [KPI_M_LTV_REVENUE] = "ltv_revenue",
    [KPI_M_REPEAT_CLIENTS] = "repeat_clients",
};

const char *kpi_measure_name(kpi_measure m)
{
    return (unsigned)m < KPI_MEASURE_COUNT ? NAMES[m] : NULL;
}

bool kpi_measure_lookup(const char *name, size_t len, kpi_measure *out)
{
    /* 38 short names: a linear scan beats a hash table at compile-time-only use. */
    /* 27 short names: a linear scan beats a hash table at compile-time-only use. */
    for (int m = 0; m < KPI_MEASURE_COUNT; m++) {
        if (strncmp(NAMES[m], name, len) == 0 && NAMES[m][len] == '\0') {
            *out = (kpi_measure)m;
            return true;
        }
    }
    return false;
}

void kpi_measures_init(kpi_measure_set *set)
{
    memset(set, 0, sizeof *set);
}

void kpi_measures_set(kpi_measure_set *set, kpi_measure m, double value)
{
    if (!isfinite(value)) {
        kpi_measures_clear(set, m);
        return;
    }
    set->value[m] = value;
    set->present |= KPI_MEASURE_BIT(m);
}

void kpi_measures_clear(kpi_measure_set *set, kpi_measure m)
{
    set->value[m] = 0.0;
    set->present &= ~KPI_MEASURE_BIT(m);
}

kpi_opt kpi_measures_get(const kpi_measure_set *set, kpi_measure m)
{
    return (set->present & KPI_MEASURE_BIT(m)) ? kpi_some(set->value[m]) : kpi_none();
}

/* The index of the counter called `name` in the set, or set->n_counters. */
static int counter_index(const kpi_measure_set *set, const char *name)
{
    int i = 0;
    while (i < set->n_counters && strcmp(set->counter[i].name, name) != 0)
        i++;
    return i;
}

bool kpi_measures_set_counter(kpi_measure_set *set, const char *name, double value)
{
    size_t len = strlen(name);
    if (len == 0 || len > KPI_COUNTER_NAME_MAX || !isfinite(value))
        return false;
    int i = counter_index(set, name);
    if (i == set->n_counters) {
        if (i == KPI_MEASURE_SET_COUNTERS)
            return false;
        memcpy(set->counter[i].name, name, len + 1);
        set->n_counters++;
    }
    set->counter[i].value = value;
    return true;
}

double kpi_measures_counter(const kpi_measure_set *set, const char *name)
{
    int i = counter_index(set, name);
    return i < set->n_counters ? set->counter[i].value : 0.0;
}
