/* The enumerated values of kpid's API, each list defined once (see enums.h). */
#include "kpid/enums.h"

#include <stddef.h>

const char *const kpid_lead_stages[] = {"new", "contacted", "meeting", "proposal",
                                        "won", "lost",      NULL};
const char *const kpid_deal_statuses[] = {"open", "won", "lost", NULL};
const char *const kpid_scopes[] = {"ingest", "read", "admin", NULL};
const char *const kpid_kpi_owners[] = {"marketing", "sales", "shared", NULL};
const char *const kpid_kpi_levels[] = {"primary", "secondary", NULL};
const char *const kpid_kpi_directions[] = {"higher_is_better", "lower_is_better", NULL};
const char *const kpid_attributions[] = {"event", "cohort", NULL};
const char *const kpid_granularities[] = {"month", "quarter", "year", "week", NULL};
const char *const kpid_source_payloads[] = {"json", "form", NULL};
const char *const kpid_source_targets[] = {"lead", "deal", NULL};
const char *const kpid_source_presets[] = {"amocrm",    "kommo", "bitrix24", "hubspot",
                                           "pipedrive", "tilda", "generic",  NULL};
const char *const kpid_field_conversions[] = {"unix_seconds", "unix_ms", "yn_bool",
                                              "string",       "number",  NULL};
const char *const kpid_webhook_event_statuses[] = {"received", "mapped", "failed", "pending_fetch",
                                                   NULL};
const char *const kpid_webhook_replay_statuses[] = {"failed", NULL};
const char *const kpid_csv_dialects[] = {"rfc4180", "excel", NULL};
const char *const kpid_channel_groupings[] = {"channel", "campaign", "utm_source", NULL};
const char *const kpid_audit_entities[] = {
    "kpi", "target", "manual_fact", "scorecard", "person", "pay_plan", "settings", "period", NULL};
/* ?consistency= of the routes a read replica may serve; the first is the default */
const char *const kpid_read_consistencies[] = {"eventual", "strong", NULL};

const struct kpid_enum kpid_enums[] = {
    {"lead_stage", kpid_lead_stages},
    {"deal_status", kpid_deal_statuses},
    {"scope", kpid_scopes},
    {"kpi_owner", kpid_kpi_owners},
    {"kpi_level", kpid_kpi_levels},
    {"kpi_direction", kpid_kpi_directions},
    {"attribution", kpid_attributions},
    {"granularity", kpid_granularities},
    {"source_payload", kpid_source_payloads},
    {"source_target", kpid_source_targets},
    {"source_preset", kpid_source_presets},
    {"field_conversion", kpid_field_conversions},
    {"webhook_event_status", kpid_webhook_event_statuses},
    {"webhook_replay_status", kpid_webhook_replay_statuses},
    {"csv_dialect", kpid_csv_dialects},
    {"channel_grouping", kpid_channel_groupings},
    {"audit_entity", kpid_audit_entities},
    {"read_consistency", kpid_read_consistencies},
    {NULL, NULL},
};
