/* Pay plan versions in the database: one function per statement of
 * src/kpid/store/sql/pay_plan_*.sql. */
#ifndef KPID_STORE_PAY_PLAN_H
#define KPID_STORE_PAY_PLAN_H

#include "kpid/store/db.h"
#include "kpid/store/result.h"

/* A version as the pay_plans table stores it, every member text: either fixed_pay and
 * bonus_base, or total_pay and split_schedule (JSON text); the others NULL. */
struct kpid_store_pay_plan {
    const char *person, *effective_from, *scorecard;
    const char *fixed_pay, *bonus_base, *total_pay, *split_schedule;
    const char *prorate, *pilot; /* "t" / "f" */
};

/* Adds the person's next version: one row with column doc, or none when there is no such
 * person. */
kpid_result *kpid_store_pay_plan_insert(struct kpid_db *db, const char *workspace_id,
                                        const struct kpid_store_pay_plan *v,
                                        enum kpid_db_status *status);

/* Every version of the person, oldest first. Column: doc. */
kpid_result *kpid_store_pay_plan_list(struct kpid_db *db, const char *workspace_id,
                                      const char *person, enum kpid_db_status *status);

/*
 * The people (all, or only `person` when not NULL) employed between first_day and the day
 * before end_day with a version in force by last_month (YYYY-MM). Columns: code, person (its
 * document), plans (JSON array of version documents in the order they took effect, each with
 * its scorecard's "granularity").
 */
kpid_result *kpid_store_pay_plan_period_select(struct kpid_db *db, const char *workspace_id,
                                               const char *person, const char *last_month,
                                               const char *first_day, const char *end_day,
                                               enum kpid_db_status *status);

#endif
