/* Bitrix24 outbound events (ONCRMLEADADD, ONCRMDEALUPDATE, ...): a form with the record's id
 * only, authenticated by auth[application_token], which the inbox does not keep. */
#include "kpid/webhook/preset.h"

const struct kpid_preset kpid_preset_bitrix24 = {
    .name = "bitrix24",
    .payload = KPID_PAYLOAD_FORM,
    .auth = KPID_AUTH_FORM_TOKEN,
    .token_field = "auth[application_token]",
    .private_field = "auth",
    .lead_map = "{\"when\":{\"event\":[\"ONCRMLEADADD\",\"ONCRMLEADUPDATE\"]},"
                "\"erase\":{\"when\":{\"event\":[\"ONCRMLEADDELETE\"]},"
                "\"external_id\":{\"from\":\"data[FIELDS][ID]\"}},"
                "\"external_id\":{\"from\":\"data[FIELDS][ID]\"},"
                "\"created_at\":{\"from\":\"ts\",\"convert\":\"unix_seconds\",\"on_create\":true},"
                "\"attributes/event\":{\"from\":\"event\"},"
                "\"channel\":{\"const\":\"bitrix24\"}}",
    .fetch = {.lead_method = "crm.lead.get", .deal_method = "crm.deal.get"},
};
