/* amoCRM and Kommo (its international edition): form bodies leads[add|update|status][N][...],
 * authenticated by the URL token; contact phone and e-mail need a fetch of the lead's contacts. */
#include "kpid/webhook/preset.h"

/* Lead events carry the lead, not its contact: the phone and e-mail come from a fetch. */
#define AMO_LEAD_MAP(channel)                                                                      \
    "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"                                \
    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\",\"on_create\":true},"   \
    "\"contact/name\":{\"from\":\"name\"},"                                                        \
    "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"                            \
    "\"attributes/status_id\":{\"from\":\"status_id\"},"                                           \
    "\"attributes/pipeline_id\":{\"from\":\"pipeline_id\"},"                                       \
    "\"channel\":{\"const\":\"" channel "\"}}"

#define AMO_FETCH                                                                                  \
    {                                                                                              \
        .lead_method = "/api/v4/leads/{id}?with=contacts"                                          \
    }

/* amoCRM and Kommo differ only in their name, which is also their default channel. */
#define AMO_PRESET(preset_name)                                                                    \
    {                                                                                              \
        .name = preset_name, .payload = KPID_PAYLOAD_FORM,                                         \
        .auth = KPID_AUTH_URL_TOKEN | KPID_AUTH_SIGNATURE, .lead_map = AMO_LEAD_MAP(preset_name),  \
        .fetch = AMO_FETCH,                                                                        \
    }

const struct kpid_preset kpid_preset_amocrm = AMO_PRESET("amocrm");
const struct kpid_preset kpid_preset_kommo = AMO_PRESET("kommo");
