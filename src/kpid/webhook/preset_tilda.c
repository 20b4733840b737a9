/* Tilda form submissions: a form of the site form's own fields plus tranid and formid, no
 * timestamp; the URL token or an API key; a test=test ping when the webhook is added. */
#include "kpid/webhook/preset.h"

#include <string.h>

static bool tilda_ping(const char *body, size_t len)
{
    return len == 9 && memcmp(body, "test=test", 9) == 0;
}

const struct kpid_preset kpid_preset_tilda = {
    .name = "tilda",
    .payload = KPID_PAYLOAD_FORM,
    .auth = KPID_AUTH_URL_TOKEN | KPID_AUTH_FORM_TOKEN | KPID_AUTH_HEADER_TOKEN,
    .token_field = "api_key",
    .token_header = "X-Api-Key",
    .private_field = "api_key",
    .test_ping = tilda_ping,
    .lead_map = "{\"external_id\":{\"from\":\"tranid\"},"
                "\"created_at\":{\"received_at\":true,\"on_create\":true},"
                "\"contact/name\":{\"from\":\"Name\"},"
                "\"contact/phone\":{\"from\":\"Phone\"},"
                "\"contact/email\":{\"from\":\"Email\"},"
                "\"utm_source\":{\"from\":\"utm_source\"},"
                "\"utm_medium\":{\"from\":\"utm_medium\"},"
                "\"campaign\":{\"from\":\"utm_campaign\"},"
                "\"channel\":{\"const\":\"tilda\"},"
                "\"attributes/form_id\":{\"from\":\"formid\"}}",
};
