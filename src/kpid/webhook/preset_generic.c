/* The generic preset: kpid's own X-Signature or a URL token, and a field map the source gives. */
#include "kpid/webhook/preset.h"

const struct kpid_preset kpid_preset_generic = {
    .name = "generic",
    .payload = KPID_PAYLOAD_JSON,
    .auth = KPID_AUTH_SIGNATURE | KPID_AUTH_URL_TOKEN,
};
