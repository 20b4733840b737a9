/* amoCRM and Kommo (its international edition): form bodies leads[add|update|status][N][...],
 * authenticated by the URL token; contact phone and e-mail need a fetch of the lead's contacts. */
#include "kpid/webhook/preset.h"

/* Lead events carry the lead, not its contact: the phone and e-mail come from a fetch.
 * leads[delete][N] items (a deleted lead: id, status_id, pipeline_id) erase it. */
#define AMO_LEAD_MAP(channel)                                                                      \
    "{\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"                                \
    "\"erase\":{\"items\":\"leads[delete][*]\",\"external_id\":{\"from\":\"id\"}},"                \
    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\",\"on_create\":true},"   \
    "\"contact/name\":{\"from\":\"name\"},"                                                        \
    "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"                            \
    "\"attributes/status_id\":{\"from\":\"status_id\"},"                                           \
    "\"attributes/pipeline_id\":{\"from\":\"pipeline_id\"},"                                       \
    "\"channel\":{\"const\":\"" channel "\"}}"

/* API v4 with a long-lived token: the lead with its contacts' ids in _embedded.contacts, then
 * the first contact, whose phone and e-mail are custom_fields_values of field_code PHONE and
 * EMAIL. */
#define AMO_FETCH                                                                                  \
    {                                                                                              \
        .lead_path = "api/v4/leads/{id}?with=contacts", .contact_path = "api/v4/contacts/{id}",    \
        .contact_id_at = "/_embedded/contacts/0/id", .needs_token = true,                          \
        .lead_map = "{\"contact/name\":{\"from\":\"/contact/name\"},"                              \
                    "\"contact/phone\":{\"from\":"                                                 \
                    "\"/contact/custom_fields_values/field_code=PHONE/values/0/value\"},"          \
                    "\"contact/email\":{\"from\":"                                                 \
                    "\"/contact/custom_fields_values/field_code=EMAIL/values/0/value\"}}",         \
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
