/* Pay plan versions: the statements of src/kpid/store/sql/pay_plan_*.sql with named
 * parameters. */
#include "kpid/store/pay_plan.h"

KPID_DB_STMT(pay_plan_insert, "pay_plan_insert");
KPID_DB_STMT(pay_plan_list, "pay_plan_list");
KPID_DB_STMT(pay_plan_period_select, "pay_plan_period_select");

kpid_result *kpid_store_pay_plan_insert(struct kpid_db *db, const char *workspace_id,
                                        const struct kpid_store_pay_plan *v,
                                        enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, v->person,     v->effective_from, v->scorecard,
                            v->fixed_pay, v->bonus_base, v->total_pay,      v->split_schedule,
                            v->prorate,   v->pilot};
    return kpid_db_exec(db, &pay_plan_insert, 10, params, status);
}

kpid_result *kpid_store_pay_plan_list(struct kpid_db *db, const char *workspace_id,
                                      const char *person, enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, person};
    return kpid_db_exec(db, &pay_plan_list, 2, params, status);
}

kpid_result *kpid_store_pay_plan_period_select(struct kpid_db *db, const char *workspace_id,
                                               const char *person, const char *last_month,
                                               const char *first_day, const char *end_day,
                                               enum kpid_db_status *status)
{
    const char *params[] = {workspace_id, person, last_month, first_day, end_day};
    return kpid_db_exec(db, &pay_plan_period_select, 5, params, status);
}
