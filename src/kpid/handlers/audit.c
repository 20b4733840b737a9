/* GET /v1/audit: the workspace's audit trail, oldest first, filtered by entity, code and time.
 * No route writes it: the database triggers do, and refuse to change or delete an entry. */
#include "kpid/handlers/handlers.h"
#include "kpid/enums.h"

#include "kpid/http/list.h"
#include "kpid/http/query.h"
#include "kpid/json/json_out.h"
#include "kpid/store/audit.h"

static json_t *entry_row(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:o,s:{s:o,s:o},s:s,s:o,s:s,s:o,s:o}", "id",
                     kpid_result_text(res, i, "id"), "at",
                     kpid_json_timestamp(kpid_result_text(res, i, "at")), "key", "id",
                     kpid_json_text(kpid_result_text(res, i, "key_id")), "name",
                     kpid_json_text(kpid_result_text(res, i, "key_name")), "entity",
                     kpid_result_text(res, i, "entity"), "code",
                     kpid_json_text(kpid_result_text(res, i, "code")), "action",
                     kpid_result_text(res, i, "action"), "before",
                     kpid_json_parse(kpid_result_text(res, i, "before")), "after",
                     kpid_json_parse(kpid_result_text(res, i, "after")));
}

static const struct kpid_list entries = {kpid_store_audit_list, entry_row, "at",
                                         KPID_LIST_KEY_TIMESTAMP};

enum kpid_outcome kpid_h_audit_get(struct kpid_request *req)
{
    struct kpid_page page;
    struct kpid_audit_filter filter = {.code = kpid_http_query(req, "code")};
    enum kpid_outcome rc;
    if ((rc = kpid_http_page(req, &page)) != KPID_OK ||
        (rc = kpid_query_choice(req, "entity", kpid_audit_entities, &filter.entity)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "from", &filter.from)) != KPID_OK ||
        (rc = kpid_query_timestamp(req, "to", &filter.to)) != KPID_OK)
        return rc;
    return kpid_list_reply(req, &entries, &page, &filter);
}
