/* Builds the Lead JSON object from a row selected with KPID_LEAD_COLUMNS. */
#include "kpid/ingest/lead_json.h"

#include "kpid/json/json_out.h"

json_t *kpid_lead_json(const PGresult *res, int r)
{
    json_t *lead = json_object();
    static const char *const text[] = {"id",       "source",     "external_id", "channel",
                                       "campaign", "utm_source", "utm_medium"};
    for (int c = 0; c < 7; c++)
        json_object_set_new(lead, text[c], kpid_json_text(kpid_pg(res, r, c)));
    json_object_set_new(lead, "created_at", kpid_json_timestamp(kpid_pg(res, r, 7)));
    json_object_set_new(lead, "contact",
                        json_pack("{s:o,s:o,s:o}", "name", kpid_json_text(kpid_pg(res, r, 8)),
                                  "phone", kpid_json_text(kpid_pg(res, r, 9)), "email",
                                  kpid_json_text(kpid_pg(res, r, 10))));
    json_object_set_new(lead, "region", kpid_json_text(kpid_pg(res, r, 11)));
    json_object_set_new(lead, "is_valid", kpid_json_bool(kpid_pg(res, r, 12)));
    json_object_set_new(lead, "invalid_reason", kpid_json_text(kpid_pg(res, r, 13)));
    json_object_set_new(lead, "is_sql", kpid_json_bool(kpid_pg(res, r, 14)));
    json_object_set_new(lead, "is_brand", kpid_json_bool(kpid_pg(res, r, 15)));
    static const char *const steps[] = {"first_contact_at", "meeting_at", "proposal_at", "lost_at"};
    for (int c = 0; c < 4; c++)
        json_object_set_new(lead, steps[c], kpid_json_timestamp(kpid_pg(res, r, 16 + c)));
    json_object_set_new(lead, "lost_reason", kpid_json_text(kpid_pg(res, r, 20)));
    json_object_set_new(lead, "attributes", kpid_json_parse(kpid_pg(res, r, 21)));
    json_object_set_new(lead, "valid", kpid_json_bool(kpid_pg(res, r, 22)));
    json_object_set_new(lead, "duplicate_of", kpid_json_text(kpid_pg(res, r, 23)));
    json_object_set_new(lead, "stage", kpid_json_text(kpid_pg(res, r, 24)));
    json_object_set_new(lead, "reaction_minutes", kpid_json_number(kpid_pg(res, r, 25)));
    json_object_set_new(lead, "erased_at", kpid_json_timestamp(kpid_pg(res, r, 26)));
    json_object_set_new(lead, "ingested_at", kpid_json_timestamp(kpid_pg(res, r, 27)));
    json_object_set_new(lead, "updated_at", kpid_json_timestamp(kpid_pg(res, r, 28)));
    return lead;
}
