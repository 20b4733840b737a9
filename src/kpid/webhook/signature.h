/* Webhook signatures: the X-Signature header ("t=<unix seconds>,v1=<hex HMAC-SHA256>") and its
 * verification against a source's secret. Pure functions, safe on untrusted input. */
#ifndef KPID_WEBHOOK_SIGNATURE_H
#define KPID_WEBHOOK_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KPID_SIGNATURE_MAX_V1 4       /* v1 values considered (senders rotating send two) */
#define KPID_SIGNATURE_TOLERANCE 300  /* seconds a signature's t may differ from now */
#define KPID_SIGNATURE_HEADER_MAX 512 /* longer headers are refused unparsed */

struct kpid_signature {
    char t[20];                                  /* the timestamp's digits, as sent */
    int64_t t_value;                             /* and as a number */
    unsigned char v1[KPID_SIGNATURE_MAX_V1][32]; /* the decoded HMAC values */
    size_t n_v1;
};

/*
 * Parses a header of comma-separated key=value items: exactly one t (1 to 18 digits), one or
 * more v1 (64 hex digits each), and any other keys (future schemes) ignored; spaces and tabs
 * around items are allowed. Returns false when the header is malformed.
 */
bool kpid_signature_parse(const char *header, size_t len, struct kpid_signature *out);

/* Whether t is within KPID_SIGNATURE_TOLERANCE seconds of now. */
bool kpid_signature_fresh(const struct kpid_signature *sig, int64_t now);

/*
 * Computes HMAC-SHA256(secret, t + "." + body) and compares it in constant time with each v1
 * of the header. Returns the index of the matching v1, or -1.
 */
int kpid_signature_match(const struct kpid_signature *sig, const char *secret, size_t secret_len,
                         const char *body, size_t body_len);

/* One piece of an HMAC's message. */
struct kpid_hmac_part {
    const char *data;
    size_t len;
};

/* HMAC-SHA256(key, the parts one after the other) into mac; false when OpenSSL fails. */
bool kpid_hmac_sha256(const char *key, size_t key_len, const struct kpid_hmac_part *parts, size_t n,
                      unsigned char mac[32]);

/* Writes the lower-case hex of v1 number i (65 bytes with the NUL). */
void kpid_signature_v1_hex(const struct kpid_signature *sig, size_t i, char hex[65]);

#endif
