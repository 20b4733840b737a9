/* The lead's members, defined once: decoding, the stored columns, the Lead JSON and the
 * webhook map's targets all expand this list. */
#ifndef KPID_INGEST_LEAD_FIELDS_H
#define KPID_INGEST_LEAD_FIELDS_H

#include "kpid/json/fields.h"

enum { KPID_LEAD_NAME_MAX = 200, KPID_LEAD_REASON_MAX = 500 };

/* X(NAME, column, role, field spec): writable members first, in column order; the read-only
 * ones GET adds come last (accepted and ignored, so a GET body can be posted back). */
#define KPID_LEAD_FIELDS(X)                                                                        \
    X(SOURCE, "source", KPID_INGEST_KEY, .path = "source", .type = KPID_FIELD_STRING,              \
      .max_len = KPID_LEAD_NAME_MAX)                                                               \
    X(EXTERNAL_ID, "external_id", KPID_INGEST_KEY, .path = "external_id",                          \
      .type = KPID_FIELD_STRING, .max_len = KPID_LEAD_NAME_MAX)                                    \
    X(CHANNEL, "channel", KPID_INGEST_NOT_EMPTY, .path = "channel", .type = KPID_FIELD_STRING,     \
      .flags = KPID_FIELD_REQUIRED, .max_len = KPID_LEAD_NAME_MAX)                                 \
    X(CAMPAIGN, "campaign", 0, .path = "campaign", .type = KPID_FIELD_STRING,                      \
      .max_len = KPID_LEAD_NAME_MAX)                                                               \
    X(UTM_SOURCE, "utm_source", 0, .path = "utm_source", .type = KPID_FIELD_STRING,                \
      .max_len = KPID_LEAD_NAME_MAX)                                                               \
    X(UTM_MEDIUM, "utm_medium", 0, .path = "utm_medium", .type = KPID_FIELD_STRING,                \
      .max_len = KPID_LEAD_NAME_MAX)                                                               \
    X(CREATED_AT, "created_at", 0, .path = "created_at", .type = KPID_FIELD_TIMESTAMP,             \
      .flags = KPID_FIELD_REQUIRED)                                                                \
    X(CONTACT_NAME, "contact_name", 0, .path = "contact/name", .type = KPID_FIELD_STRING,          \
      .max_len = 300)                                                                              \
    X(CONTACT_PHONE, "contact_phone", 0, .path = "contact/phone", .type = KPID_FIELD_STRING,       \
      .max_len = 50)                                                                               \
    X(CONTACT_EMAIL, "contact_email", 0, .path = "contact/email", .type = KPID_FIELD_STRING,       \
      .max_len = 320)                                                                              \
    X(REGION, "region", 0, .path = "region", .type = KPID_FIELD_STRING,                            \
      .max_len = KPID_LEAD_NAME_MAX)                                                               \
    X(IS_VALID, "is_valid", 0, .path = "is_valid", .type = KPID_FIELD_BOOL)                        \
    X(INVALID_REASON, "invalid_reason", 0, .path = "invalid_reason", .type = KPID_FIELD_STRING,    \
      .max_len = KPID_LEAD_REASON_MAX)                                                             \
    X(IS_SQL, "is_sql", 0, .path = "is_sql", .type = KPID_FIELD_BOOL)                              \
    X(IS_BRAND, "is_brand", 0, .path = "is_brand", .type = KPID_FIELD_BOOL)                        \
    X(FIRST_CONTACT_AT, "first_contact_at", 0, .path = "first_contact_at",                         \
      .type = KPID_FIELD_TIMESTAMP)                                                                \
    X(MEETING_AT, "meeting_at", 0, .path = "meeting_at", .type = KPID_FIELD_TIMESTAMP)             \
    X(PROPOSAL_AT, "proposal_at", 0, .path = "proposal_at", .type = KPID_FIELD_TIMESTAMP)          \
    X(LOST_AT, "lost_at", 0, .path = "lost_at", .type = KPID_FIELD_TIMESTAMP)                      \
    X(LOST_REASON, "lost_reason", 0, .path = "lost_reason", .type = KPID_FIELD_STRING,             \
      .max_len = KPID_LEAD_REASON_MAX)                                                             \
    X(ATTRIBUTES, "attributes", 0, .path = "attributes", .type = KPID_FIELD_OBJECT)                \
    X(ID, "id", 0, .path = "id", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY)          \
    X(VALID, "valid", 0, .path = "valid", .type = KPID_FIELD_BOOL, .flags = KPID_FIELD_READONLY)   \
    X(DUPLICATE_OF, "duplicate_of", 0, .path = "duplicate_of", .type = KPID_FIELD_STRING,          \
      .flags = KPID_FIELD_READONLY)                                                                \
    X(STAGE, "stage", 0, .path = "stage", .type = KPID_FIELD_STRING, .flags = KPID_FIELD_READONLY) \
    X(REACTION_MINUTES, "reaction_minutes", 0, .path = "reaction_minutes",                         \
      .type = KPID_FIELD_NUMBER, .flags = KPID_FIELD_READONLY)                                     \
    X(ERASED_AT, "erased_at", 0, .path = "erased_at", .type = KPID_FIELD_TIMESTAMP,                \
      .flags = KPID_FIELD_READONLY)                                                                \
    X(INGESTED_AT, "ingested_at", 0, .path = "ingested_at", .type = KPID_FIELD_TIMESTAMP,          \
      .flags = KPID_FIELD_READONLY)                                                                \
    X(UPDATED_AT, "updated_at", 0, .path = "updated_at", .type = KPID_FIELD_TIMESTAMP,             \
      .flags = KPID_FIELD_READONLY)

/* The members by name: KPID_LEAD_CHANNEL indexes the spec and decoded values. */
#define KPID_LEAD_FIELD_ENUM(name, ...) KPID_LEAD_##name,
enum kpid_lead_field { KPID_LEAD_FIELDS(KPID_LEAD_FIELD_ENUM) KPID_LEAD_FIELD_COUNT };

#endif
