/* Helpers of the CRM webhook suites: fixtures (tests/api/fixtures/crm), sources, deliveries
 * posted the senders' way, lookups of what they stored, and the stand-in CRM server
 * (tests/api/crm-server.mjs, at KPID_TEST_CRM_CONTROL). */
#ifndef KPID_TESTS_API_CRM_UTIL_H
#define KPID_TESTS_API_CRM_UTIL_H

#include "client.h"

/* The bytes of a fixture under tests/api/fixtures/crm/ (free them). */
char *crm_fixture(const char *name);

/* Creates a source from a JSON body (asserting 201); returns its id (free it). */
char *crm_create(const char *body);

/* POSTs body to the source's delivery URL (query appended when not NULL). */
struct api_response *crm_post(const char *id, const char *query, const char *content_type,
                              const char *body, const char *const *headers);

long long crm_now_ms(void);

/* POSTs body with HubSpot's v3 signature by secret, stamped ms (epoch milliseconds). */
struct api_response *crm_post_hubspot(const char *id, const char *secret, long long ms,
                                      const char *body);

/* The count an SQL statement with two text parameters returns. */
long crm_count(const char *sql, const char *a, const char *b);

/* Leads and inbox events of a source. */
long crm_leads_of(const char *source);
long crm_events_of(const char *source);

/* Asserts a lead's column (an SQL expression, as text) by source and external id. */
void crm_assert_lead(const char *column, const char *source, const char *external_id,
                     const char *want);

/* Asserts a 401 problem and frees the response. */
void crm_assert_401(struct api_response *r);

/* Whether /metrics shows the source's kpid_webhook_events gauge for status at n. */
bool crm_metrics_show(const char *source, const char *status, int n);

/* POSTs a JSON body (or none) to the stand-in CRM's control path, asserting 200. */
void crm_control(const char *path, const char *json_body);

/* The stand-in's request log of `server` ("crm" or "evil"): an array of {at, method, url,
 * authorization} (decref it). */
json_t *crm_requests(const char *server);

#endif
