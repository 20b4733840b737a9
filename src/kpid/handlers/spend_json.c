/* Builds the JSON representation of a spend entry from its row. */
#include "kpid/handlers/spend_json.h"

#include "kpid/json/json_out.h"

json_t *kpid_spend_json(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", kpid_result_text(res, i, "id"),
                     "channel", kpid_result_text(res, i, "channel"), "date",
                     kpid_result_text(res, i, "date"), "campaign",
                     kpid_result_text(res, i, "campaign"), "amount",
                     kpid_json_number(kpid_result_text(res, i, "amount")), "note",
                     kpid_json_text(kpid_result_text(res, i, "note")), "ingested_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "ingested_at")), "updated_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "updated_at")));
}
