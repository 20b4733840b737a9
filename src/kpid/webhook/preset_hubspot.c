/* HubSpot webhooks: a JSON array of events with object ids only and epoch-millisecond times,
 * signed with X-HubSpot-Signature-v3 by the app's client secret. */
#include "kpid/webhook/preset.h"

const struct kpid_preset kpid_preset_hubspot = {
    .name = "hubspot",
    .payload = KPID_PAYLOAD_JSON,
    .auth = KPID_AUTH_HUBSPOT_V3,
    .lead_map =
        "{\"items\":\"\","
        "\"when\":{\"/subscriptionType\":[\"contact.creation\",\"contact.propertyChange\"]},"
        "\"erase\":{\"when\":{\"/subscriptionType\":[\"contact.deletion\"]},"
        "\"external_id\":{\"from\":\"/objectId\",\"convert\":\"string\"}},"
        "\"external_id\":{\"from\":\"/objectId\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/occurredAt\",\"convert\":\"unix_ms\",\"on_create\":true},"
        "\"attributes/subscription_type\":{\"from\":\"/subscriptionType\"},"
        "\"channel\":{\"const\":\"hubspot\"}}",
    .fetch = {.lead_method = "contacts", .deal_method = "deals"},
};
