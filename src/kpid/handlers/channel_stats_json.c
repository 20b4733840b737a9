/* Builds the JSON representation of a channel record from its row. */
#include "kpid/handlers/channel_stats_json.h"

#include "kpid/json/json_out.h"
#include "kpid/store/channel_stats.h"

json_t *kpid_channel_stats_json(const kpid_result *res, int i)
{
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:s,s:o}", "id", kpid_result_text(res, i, "id"), "channel",
                  kpid_result_text(res, i, "channel"), "date", kpid_result_text(res, i, "date"),
                  "campaign", kpid_result_text(res, i, "campaign"), "spend",
                  kpid_json_number(kpid_result_text(res, i, "spend")));
    for (int c = 0; c < KPID_CHANNEL_COUNTERS; c++)
        json_object_set_new(o, kpid_channel_counters[c],
                            kpid_json_number(kpid_result_text(res, i, kpid_channel_counters[c])));
    json_object_set_new(o, "counters", kpid_json_parse(kpid_result_text(res, i, "counters")));
    json_object_set_new(o, "note", kpid_json_text(kpid_result_text(res, i, "note")));
    json_object_set_new(o, "ingested_at",
                        kpid_json_timestamp(kpid_result_text(res, i, "ingested_at")));
    json_object_set_new(o, "updated_at",
                        kpid_json_timestamp(kpid_result_text(res, i, "updated_at")));
    return o;
}
