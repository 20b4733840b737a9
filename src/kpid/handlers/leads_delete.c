/* DELETE /v1/leads/{id}: erases the lead's personal data and keeps the anonymised row, so
 * every KPI it counted in stays the same. Repeating it is harmless. */
#include "kpid/handlers/handlers.h"

#include "kpid/json/fields.h"
#include "kpid/http/write.h"
#include "kpid/store/lead.h"

#include <stdio.h>

static enum kpid_db_status erase(struct kpid_db *db, struct kpid_request *req, void *ctx,
                                 struct kpid_write_result *out)
{
    /* contact data, its normalised forms and the free-form attributes (which may hold
     * personal data too) go; channel, timestamps, validity, stage and the natural key stay */
    bool found;
    enum kpid_db_status st = kpid_store_lead_erase(db, req->auth.workspace_id, ctx, &found);
    if (st != KPID_DB_OK)
        return st;
    if (!found) {
        char detail[64];
        snprintf(detail, sizeof detail, "no lead %s", (const char *)ctx);
        out->problem = true;
        out->status = 404;
        out->body = kpid_problem_body(404, "not-found", NULL, detail);
    } else {
        out->status = 204;
    }
    return KPID_DB_OK;
}

enum kpid_outcome kpid_h_leads_delete_id(struct kpid_request *req)
{
    const char *id = kpid_http_param(req, 0);
    if (!kpid_is_uuid(id))
        return kpid_http_problem(req, 404, "not-found", NULL, "no lead %s", id);
    char copy[37];
    snprintf(copy, sizeof copy, "%s", id);
    return kpid_http_write(req, erase, copy);
}
