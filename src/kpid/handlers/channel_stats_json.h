/* The channel record's representation, shared by the channel-stats handlers. */
#ifndef KPID_HANDLERS_CHANNEL_STATS_JSON_H
#define KPID_HANDLERS_CHANNEL_STATS_JSON_H

#include "kpid/store/result.h"

#include <jansson.h>

/* {id, channel, date, campaign, spend, every counter, counters, note, ingested_at,
 * updated_at} of row i, from the columns of those names; what no write named is null. */
json_t *kpid_channel_stats_json(const kpid_result *res, int i);

#endif
