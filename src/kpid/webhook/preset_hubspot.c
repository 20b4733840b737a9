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
    /* CRM v3 objects with a private app's token: {"id", "properties": {...}, "createdAt",
     * "updatedAt", "archived"}, only the properties asked for */
    .fetch = {.lead_path = "crm/v3/objects/contacts/{id}"
                           "?properties=firstname,email,phone,hs_analytics_source",
              .lead_map = "{\"created_at\":{\"from\":\"/record/createdAt\",\"on_create\":true},"
                          "\"contact/name\":{\"from\":\"/record/properties/firstname\"},"
                          "\"contact/phone\":{\"from\":\"/record/properties/phone\"},"
                          "\"contact/email\":{\"from\":\"/record/properties/email\"},"
                          "\"utm_source\":{\"from\":\"/record/properties/hs_analytics_source\"}}",
              .needs_token = true},
};
