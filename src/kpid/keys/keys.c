/* API key generation, hashing and creation: the secret is shown once and stored as its hash. */
#include "kpid/keys/keys.h"

#include "kpid/json/json_out.h"
#include "kpid/store/api_key.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

int kpid_key_generate(char key[KPID_KEY_LEN + 1])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    memcpy(key, "kpid_", 5);
    /* 43 base64url characters carry 258 bits; the 33rd byte only pads the last group */
    for (size_t i = 0, o = 5; o < KPID_KEY_LEN; i += 3) {
        unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
        for (int k = 18; k >= 0 && o < KPID_KEY_LEN; k -= 6)
            key[o++] = alphabet[(v >> k) & 63];
    }
    key[KPID_KEY_LEN] = '\0';
    return 0;
}

void kpid_key_hash(const char *key, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(key, strlen(key), digest, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

json_t *kpid_key_json(const kpid_result *res, int i)
{
    return json_pack("{s:s,s:s,s:o,s:s,s:o}", "id", kpid_result_text(res, i, "id"), "name",
                     kpid_result_text(res, i, "name"), "scopes",
                     kpid_json_text_array(kpid_result_text(res, i, "scopes")), "prefix",
                     kpid_result_text(res, i, "prefix"), "created_at",
                     kpid_json_timestamp(kpid_result_text(res, i, "created_at")));
}

enum kpid_db_status kpid_key_create(struct kpid_db *db, const char *workspace_id, const char *name,
                                    const char *scopes, json_t **out)
{
    char key[KPID_KEY_LEN + 1], hash[65], prefix[KPID_KEY_PREFIX_LEN + 1];
    if (kpid_key_generate(key) != 0)
        return KPID_DB_ERROR;
    kpid_key_hash(key, hash);
    memcpy(prefix, key, KPID_KEY_PREFIX_LEN);
    prefix[KPID_KEY_PREFIX_LEN] = '\0';
    const struct kpid_api_key_new row = {name, prefix, hash, scopes};
    enum kpid_db_status st;
    kpid_result *res = kpid_store_api_key_insert(db, workspace_id, &row, &st);
    if (res == NULL)
        return st;
    *out = kpid_key_json(res, 0);
    json_object_set_new(*out, "key", json_string(key));
    kpid_result_free(res);
    return KPID_DB_OK;
}
