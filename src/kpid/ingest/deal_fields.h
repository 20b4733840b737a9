/* The deal's members, defined once: decoding, the stored columns, the Deal JSON and the
 * webhook map's targets all expand this list. */
#ifndef KPID_INGEST_DEAL_FIELDS_H
#define KPID_INGEST_DEAL_FIELDS_H

#include "kpid/enums.h"
#include "kpid/json/fields.h"

#define KPID_DEAL_MONEY_MAX 99999999999999.0 /* numeric(16,2) */
#define KPID_DEAL_NAME_MAX 200

/* X(NAME, column, role, field spec): writable members first; lead_external_id is resolved to
 * lead_id before the write; the read-only ones GET adds come last. */
#define KPID_DEAL_FIELDS(X)                                                                        \
    X(SOURCE, "source", KPID_INGEST_KEY, .path = "source", .type = KPID_FIELD_STRING,              \
      .max_len = KPID_DEAL_NAME_MAX)                                                               \
    X(EXTERNAL_ID, "external_id", KPID_INGEST_KEY, .path = "external_id",                          \
      .type = KPID_FIELD_STRING, .max_len = KPID_DEAL_NAME_MAX)                                    \
    X(LEAD_ID, "lead_id", 0, .path = "lead_id", .type = KPID_FIELD_UUID)                           \
    X(LEAD_EXTERNAL_ID, "lead_external_id", KPID_INGEST_NOT_EMPTY | KPID_INGEST_INPUT_ONLY,        \
      .path = "lead_external_id", .type = KPID_FIELD_STRING, .max_len = KPID_DEAL_NAME_MAX)        \
    X(CLIENT_REF, "client_ref", 0, .path = "client_ref", .type = KPID_FIELD_STRING,                \
      .max_len = KPID_DEAL_NAME_MAX)                                                               \
    X(IS_NEW_CLIENT, "is_new_client", 0, .path = "is_new_client", .type = KPID_FIELD_BOOL)         \
    X(CHANNEL, "channel", KPID_INGEST_NOT_EMPTY, .path = "channel", .type = KPID_FIELD_STRING,     \
      .max_len = KPID_DEAL_NAME_MAX)                                                               \
    X(AMOUNT, "amount", 0, .path = "amount", .type = KPID_FIELD_MONEY,                             \
      .flags = KPID_FIELD_REQUIRED, .max = KPID_DEAL_MONEY_MAX)                                    \
    X(GROSS_MARGIN, "gross_margin", 0, .path = "gross_margin", .type = KPID_FIELD_MONEY,           \
      .min = -KPID_DEAL_MONEY_MAX, .max = KPID_DEAL_MONEY_MAX)                                     \
    X(STATUS, "status", 0, .path = "status", .type = KPID_FIELD_ENUM,                              \
      .choices = kpid_deal_statuses)                                                               \
    X(CREATED_AT, "created_at", 0, .path = "created_at", .type = KPID_FIELD_TIMESTAMP)             \
    X(CLOSED_AT, "closed_at", 0, .path = "closed_at", .type = KPID_FIELD_TIMESTAMP)                \
    X(ID, "id", 0, .path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY)          \
    X(INGESTED_AT, "ingested_at", 0, .path = "ingested_at", .type = KPID_FIELD_TIMESTAMP,          \
      .flags = KPID_FIELD_READONLY)                                                                \
    X(UPDATED_AT, "updated_at", 0, .path = "updated_at", .type = KPID_FIELD_TIMESTAMP,             \
      .flags = KPID_FIELD_READONLY)

/* The members by name: KPID_DEAL_STATUS indexes the spec and decoded values. */
#define KPID_DEAL_FIELD_ENUM(name, ...) KPID_DEAL_##name,
enum kpid_deal_field { KPID_DEAL_FIELDS(KPID_DEAL_FIELD_ENUM) KPID_DEAL_FIELD_COUNT };

#endif
