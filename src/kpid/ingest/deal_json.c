/* Builds the Deal JSON object from a row selected with KPID_DEAL_COLUMNS. */
#include "kpid/ingest/deal_json.h"

#include "kpid/json/json_out.h"

json_t *kpid_deal_json(const PGresult *res, int r)
{
    return json_pack(
        "{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
        kpid_json_text(kpid_pg(res, r, 0)), "source", kpid_json_text(kpid_pg(res, r, 1)),
        "external_id", kpid_json_text(kpid_pg(res, r, 2)), "lead_id",
        kpid_json_text(kpid_pg(res, r, 3)), "client_ref", kpid_json_text(kpid_pg(res, r, 4)),
        "is_new_client", kpid_json_bool(kpid_pg(res, r, 5)), "channel",
        kpid_json_text(kpid_pg(res, r, 6)), "amount", kpid_json_number(kpid_pg(res, r, 7)),
        "gross_margin", kpid_json_number(kpid_pg(res, r, 8)), "status",
        kpid_json_text(kpid_pg(res, r, 9)), "created_at", kpid_json_timestamp(kpid_pg(res, r, 10)),
        "closed_at", kpid_json_timestamp(kpid_pg(res, r, 11)), "ingested_at",
        kpid_json_timestamp(kpid_pg(res, r, 12)), "updated_at",
        kpid_json_timestamp(kpid_pg(res, r, 13)));
}
