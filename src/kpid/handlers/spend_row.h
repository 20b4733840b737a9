/* The spend entry's representation, shared by the spend handlers. */
#ifndef KPID_HANDLERS_SPEND_ROW_H
#define KPID_HANDLERS_SPEND_ROW_H

#include <jansson.h>
#include <libpq-fe.h>

/* The number of columns kpid_spend_row reads, first in a result row. */
#define KPID_SPEND_NCOLUMNS 8

/* {id, channel, date, campaign, amount, note, ingested_at, updated_at} of row i. */
json_t *kpid_spend_row(const PGresult *res, int i);

#endif
