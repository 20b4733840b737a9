/* POST /v1/channel-stats with Content-Type text/csv: a platform export, one record a row. */
#ifndef KPID_HANDLERS_CHANNEL_STATS_CSV_H
#define KPID_HANDLERS_CHANNEL_STATS_CSV_H

#include "kpid/http/request.h"

/* Most data rows in one upload. */
#define KPID_CHANNEL_STATS_CSV_ROWS 10000

/*
 * Reads the header row (columns named as the JSON members; any other becomes a free
 * counter), converts each row as a record and writes them all in one transaction: 200
 * {rows, created, updated}; 422 with the line and column of every bad cell, storing nothing.
 */
enum kpid_outcome kpid_channel_stats_csv_post(struct kpid_request *req);

#endif
