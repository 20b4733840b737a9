/* libFuzzer harness: X-Signature headers through kpid_signature_parse, then freshness, HMAC
 * matching and hex formatting of whatever parses. */
#include "kpid/webhook/signature.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char body[] = "{\"lead\":{\"id\":1001}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kpid_signature sig;
    memset(&sig, 0xa5, sizeof sig);
    if (!kpid_signature_parse((const char *)data, size, &sig))
        return 0;
    if (sig.n_v1 < 1 || sig.n_v1 > KPID_SIGNATURE_MAX_V1 || strlen(sig.t) < 1 ||
        strlen(sig.t) > 18 || sig.t_value < 0)
        abort();
    kpid_signature_fresh(&sig, 1736935200);
    int match = kpid_signature_match(&sig, "secret", 6, body, sizeof body - 1);
    if (match < -1 || match >= (int)sig.n_v1)
        abort();
    for (size_t i = 0; i < sig.n_v1; i++) {
        char hex[65];
        kpid_signature_v1_hex(&sig, i, hex);
        if (strlen(hex) != 64)
            abort();
    }
    return 0;
}
