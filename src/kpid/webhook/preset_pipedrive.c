/* Pipedrive webhooks v2: {"meta":{"action","entity",...},"data","previous"} in JSON,
 * authenticated by HTTP Basic. */
#include "kpid/webhook/preset.h"

const struct kpid_preset kpid_preset_pipedrive = {
    .name = "pipedrive",
    .payload = KPID_PAYLOAD_JSON,
    .auth = KPID_AUTH_BASIC,
    .lead_map = "{\"when\":{\"/meta/entity\":[\"lead\"],\"/meta/action\":[\"create\",\"change\"]},"
                "\"erase\":{\"when\":{\"/meta/entity\":[\"lead\"],\"/meta/action\":[\"delete\"]},"
                "\"external_id\":{\"from\":\"/meta/entity_id\"}},"
                "\"external_id\":{\"from\":\"/data/id\",\"convert\":\"string\"},"
                "\"created_at\":{\"from\":\"/data/add_time\",\"on_create\":true},"
                "\"contact/name\":{\"from\":\"/data/title\"},"
                "\"channel\":{\"const\":\"pipedrive\"}}",
    .deal_map = "{\"when\":{\"/meta/entity\":[\"deal\"],\"/meta/action\":[\"create\",\"change\"]},"
                "\"external_id\":{\"from\":\"/data/id\",\"convert\":\"string\"},"
                "\"created_at\":{\"from\":\"/data/add_time\",\"on_create\":true},"
                "\"amount\":{\"from\":\"/data/value\",\"convert\":\"number\"},"
                "\"status\":{\"from\":\"/data/status\"},"
                "\"closed_at\":{\"from\":\"/data/close_time\"},"
                "\"channel\":{\"const\":\"pipedrive\"}}",
};
