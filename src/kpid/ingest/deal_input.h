/* Decoding a deal object (POST body, batch item, merge patch, webhook mapping) into the flat
 * document the deal upsert statements read. */
#ifndef KPID_INGEST_DEAL_INPUT_H
#define KPID_INGEST_DEAL_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Checks `deal` (as a whole deal, or with `patch` as a merge patch) and appends errors under
 * `prefix`. Without errors and with `doc`, *doc becomes a new object of the members the input
 * sets (null included), lead_external_id among them. Returns the number of errors added.
 */
size_t kpid_deal_decode(const json_t *deal, const char *prefix, bool patch, json_t **doc,
                        json_t *errors);

/* Whether a deal member is one a request writes (not read-only, not unknown). */
bool kpid_deal_writable(const char *member);

#endif
