/* Replies shared by the definitions endpoints: path codes, per-period lists and lists keyed
 * by code. */
#ifndef KPID_HANDLERS_KPI_REPLY_H
#define KPID_HANDLERS_KPI_REPLY_H

/* Owner: the definitions API (handlers kpis.c, periods.c, targets.c, facts.c, scorecards.c). */

#include "kpid/http/paging.h"
#include "kpid/http/request.h"
#include "kpid/http/write.h"
#include "kpid/kpis/period.h"

/* The {code} of PUT /v1/kpis/{code}, /v1/scorecards/{code}: 422 on /code when it is not
 * 1 to 64 characters of a-z, 0-9 and _. */
enum kpid_outcome kpid_path_code(struct kpid_request *req, const char **code);

/* Appends the period's rows of one kind (targets, facts) to items as JSON. */
typedef enum kpid_db_status (*kpid_period_items_fn)(struct kpid_db *db, const char *workspace_id,
                                                    const struct kpid_period_row *period,
                                                    json_t *items);

/* GET /v1/periods/{id}/...: 404 for a period not defined, else 200 {"period", "items": what
 * fn appends, "next_cursor": null}. */
enum kpid_outcome kpid_period_items_reply(struct kpid_request *req, kpid_period_items_fn fn);

/* Appends the definitions (KPIs, scorecards) that `filter` selects to items as JSON, each
 * with its "code": by code, after the page's cursor, at most its limit plus one. */
typedef enum kpid_db_status (*kpid_code_items_fn)(struct kpid_db *db, const char *workspace_id,
                                                  const void *filter, json_t *items);

/* GET /v1/kpis, /v1/scorecards: 200 {"items": what fn appends, "next_cursor": after the last
 * kept item's code when more follow}. */
enum kpid_outcome kpid_code_list_reply(struct kpid_request *req, const struct kpid_page *page,
                                       kpid_code_items_fn fn, const void *filter);

#endif
