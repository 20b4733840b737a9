/* GET /v1/leads: the workspace's leads in arrival order, filtered, with keyset pagination. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/ingest/lead_write.h"
#include "kpid/store/lead.h"

static json_t *lead_row(const kpid_result *res, int i)
{
    return kpid_ingest_json(&kpid_lead_resource, res, i);
}

static const struct kpid_list leads = {kpid_store_lead_list, lead_row, "ingested_at",
                                       KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_leads_get(struct kpid_request *req)
{
    struct kpid_page page;
    const char *from, *to, *valid, *stage;
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &to)) != KPID_OK ||
        (rc = kpid_query_bool(req, "valid", &valid)) != KPID_OK ||
        (rc = kpid_query_choice(req, "stage", kpid_lead_stages, &stage)) != KPID_OK)
        return rc;
    const struct kpid_lead_filter filter = {from, to, kpid_http_query(req, "channel"), valid,
                                            stage};
    return kpid_list_reply(req, &leads, &page, &filter);
}
