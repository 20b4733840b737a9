/* Inserts and replaces rows of the scorecards table. */
#include "kpid/kpis/scorecard_store.h"

#include "kpid/store/scorecard.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* The items as the table stores them: a JSON array text [{kpi, weight}] (free it). */
static char *items_text(const struct kpid_scorecard_def *s)
{
    json_t *items = json_array();
    for (size_t i = 0; i < s->n_items; i++)
        json_array_append_new(
            items, json_pack("{s:s,s:f}", "kpi", s->items[i].kpi, "weight", s->items[i].weight));
    char *text = json_dumps(items, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(items);
    return text;
}

enum kpid_db_status kpid_scorecard_def_save(struct kpid_db *db, const char *workspace_id,
                                            const struct kpid_scorecard_def *s, bool replace,
                                            bool *created)
{
    char *items = items_text(s);
    if (items == NULL)
        return KPID_DB_ERROR;
    char fixed_pay[32], bonus_base[32], max_attainment[32];
    snprintf(fixed_pay, sizeof fixed_pay, "%.2f", s->fixed_pay);
    snprintf(bonus_base, sizeof bonus_base, "%.2f", s->bonus_base);
    snprintf(max_attainment, sizeof max_attainment, "%.17g", s->max_attainment);
    const struct kpid_store_scorecard row = {
        .code = s->code,
        .name = s->name,
        .owner = s->owner[0] ? s->owner : NULL,
        .granularity = kpi_period_kind_name(s->granularity),
        .fixed_pay = fixed_pay,
        .bonus_base = bonus_base,
        .max_attainment = max_attainment,
        .items = items,
    };
    enum kpid_db_status st = kpid_store_scorecard_save(db, workspace_id, &row, replace, created);
    free(items);
    return st;
}
