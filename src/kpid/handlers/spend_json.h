/* The spend entry's representation, shared by the spend handlers. */
#ifndef KPID_HANDLERS_SPEND_JSON_H
#define KPID_HANDLERS_SPEND_JSON_H

#include "kpid/store/result.h"

#include <jansson.h>

/* {id, channel, date, campaign, amount, note, ingested_at, updated_at} of row i, from the
 * columns of those names. */
json_t *kpid_spend_json(const kpid_result *res, int i);

#endif
