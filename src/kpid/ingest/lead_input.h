/* Decoding a lead object (POST body, batch item, merge patch, webhook mapping) into the flat
 * document the upsert statements read: column name -> JSON value, present members only. */
#ifndef KPID_INGEST_LEAD_INPUT_H
#define KPID_INGEST_LEAD_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Checks `lead` (as a whole lead, or with `patch` as a merge patch: nothing required, the
 * natural key not changeable) and appends errors under `prefix`. When there are none and
 * `doc` is not NULL, *doc becomes a new object with one member per column the input sets
 * (null included, as a merge patch's null clears), plus phone_norm / email_norm when the
 * phone / e-mail is set. Returns the number of errors added.
 */
size_t kpid_lead_decode(const json_t *lead, const char *prefix, bool patch, json_t **doc,
                        json_t *errors);

/* Whether a lead member is one a request writes (not read-only, not unknown). */
bool kpid_lead_writable(const char *member);

/* Digits of a phone when it has 10-15 of them, else NULL (caller frees). */
char *kpid_phone_norm(const char *phone);

/* A trimmed, lower-cased e-mail with a local part, '@' and a dotted domain, else NULL. */
char *kpid_email_norm(const char *email);

#endif
