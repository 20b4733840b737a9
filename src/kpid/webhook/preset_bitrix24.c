/* Bitrix24 outbound events (ONCRMLEADADD, ONCRMDEALUPDATE, ...): a form with the record's id
 * only, authenticated by auth[application_token], which the inbox does not keep; the lead
 * (deal) itself comes from crm.lead.get (crm.deal.get). */
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
    .deal_map = "{\"when\":{\"event\":[\"ONCRMDEALADD\",\"ONCRMDEALUPDATE\"]},"
                "\"external_id\":{\"from\":\"data[FIELDS][ID]\"},"
                "\"created_at\":{\"from\":\"ts\",\"convert\":\"unix_seconds\",\"on_create\":true},"
                "\"channel\":{\"const\":\"bitrix24\"}}",
    /* crm.lead.get through the portal's inbound webhook URL: {"result": {...}, "time": {...}};
     * PHONE and EMAIL are lists of {"VALUE", "VALUE_TYPE"}, DATE_CREATE ISO 8601 */
    .fetch = {.lead_path = "crm.lead.get?id={id}",
              .lead_map = "{\"created_at\":{\"from\":\"/record/result/DATE_CREATE\","
                          "\"on_create\":true},"
                          "\"contact/name\":{\"from\":\"/record/result/NAME\"},"
                          "\"contact/phone\":{\"from\":\"/record/result/PHONE/0/VALUE\"},"
                          "\"contact/email\":{\"from\":\"/record/result/EMAIL/0/VALUE\"},"
                          "\"utm_source\":{\"from\":\"/record/result/UTM_SOURCE\"},"
                          "\"utm_medium\":{\"from\":\"/record/result/UTM_MEDIUM\"},"
                          "\"campaign\":{\"from\":\"/record/result/UTM_CAMPAIGN\"},"
                          "\"attributes/status_id\":{\"from\":\"/record/result/STATUS_ID\"}}",
              /* crm.deal.get: STAGE_SEMANTIC_ID is P (in progress), S (won) or F (lost);
               * CLOSEDATE, the planned close of an open deal, counts only once it is won */
              .deal_path = "crm.deal.get?id={id}",
              .deal_map = "{\"created_at\":{\"from\":\"/record/result/DATE_CREATE\","
                          "\"on_create\":true},"
                          "\"amount\":{\"from\":\"/record/result/OPPORTUNITY\","
                          "\"convert\":\"number\"},"
                          "\"status\":{\"from\":\"/record/result/STAGE_SEMANTIC_ID\","
                          "\"values\":{\"P\":\"open\",\"S\":\"won\",\"F\":\"lost\"}},"
                          "\"closed_at\":{\"from\":\"/record/result/CLOSEDATE\"}}"},
};
