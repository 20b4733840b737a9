/* Builds the JSON representation of a spend entry from its row. */
#include "kpid/handlers/spend_row.h"

#include "kpid/json/json_out.h"

json_t *kpid_spend_row(const PGresult *res, int i)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", PQgetvalue(res, i, 0), "channel",
                     PQgetvalue(res, i, 1), "date", PQgetvalue(res, i, 2), "campaign",
                     PQgetvalue(res, i, 3), "amount", kpid_json_number(PQgetvalue(res, i, 4)),
                     "note", kpid_json_text(kpid_pg(res, i, 5)), "ingested_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 6)), "updated_at",
                     kpid_json_timestamp(PQgetvalue(res, i, 7)));
}
