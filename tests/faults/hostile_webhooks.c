/* Case d's webhook deliveries: correctly signed, so they get past authentication to the form
 * and JSON payload parsers and the field maps (form keys with [name=value] selectors, HubSpot-
 * style top-level event arrays with when/erase filters and epoch milliseconds). Each is answered
 * 200 (mapped or a duplicate), 202 (kept in the inbox as failed) or 4xx - never 5xx. They are not
 * part of the unchanged-rows check, since a failed delivery is kept in the inbox by design. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char webhook_secret[] = "faults-d-webhook-secret";

enum kind { FORM, JSON, EVENTS };

struct delivery {
    const char *name;
    enum kind kind;
    char *body;
};

static struct delivery deliveries[32];
static size_t n_deliveries;
static char paths[3][96]; /* by kind */

/* Adds a delivery (body taken over). */
static void add_delivery(const char *name, enum kind kind, char *body)
{
    if (n_deliveries < sizeof deliveries / sizeof deliveries[0])
        deliveries[n_deliveries++] = (struct delivery){name, kind, body};
}

/* Registers a form, a JSON and an event-array source with the README's example maps and the
 * presets' map features; false on failure. */
static bool register_sources(void)
{
    char *form =
        text_printf("{\"name\":\"faults-d-form\",\"payload\":\"form\",\"target\":\"lead\","
                    "\"secret\":\"%s\",\"field_map\":{"
                    "\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"
                    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"
                    "\"contact/name\":{\"from\":\"name\"},"
                    "\"contact/phone\":{\"from\":\"custom_fields[id=7][values][0][value]\"},"
                    "\"attributes/stage\":{\"from\":\"status_id\",\"values\":{\"1\":\"a\"}},"
                    "\"attributes/price\":{\"from\":\"price\",\"convert\":\"number\"},"
                    "\"channel\":{\"const\":\"amocrm\"}}}",
                    webhook_secret);
    char *json = text_printf(
        "{\"name\":\"faults-d-json\",\"payload\":\"json\",\"target\":\"lead\",\"secret\":\"%s\","
        "\"field_map\":{"
        "\"items\":\"/leads\",\"external_id\":{\"from\":\"/id\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/created\",\"convert\":\"unix_seconds\"},"
        "\"channel\":{\"from\":\"/channel\"}}}",
        webhook_secret);
    char *events = text_printf(
        "{\"name\":\"faults-d-events\",\"payload\":\"json\",\"target\":\"lead\","
        "\"secret\":\"%s\",\"field_map\":{\"items\":\"\","
        "\"when\":{\"/subscriptionType\":[\"contact.creation\"]},"
        "\"erase\":{\"when\":{\"/subscriptionType\":[\"contact.deletion\"]},"
        "\"external_id\":{\"from\":\"/objectId\",\"convert\":\"string\"}},"
        "\"external_id\":{\"from\":\"/objectId\",\"convert\":\"string\"},"
        "\"created_at\":{\"from\":\"/occurredAt\",\"convert\":\"unix_ms\",\"on_create\":true},"
        "\"contact/email\":{\"from\":\"/emails/type=work/value\"},"
        "\"channel\":{\"const\":\"hubspot\"}}}",
        webhook_secret);
    char *bodies[] = {form, json, events};
    for (int k = 0; k < 3; k++) {
        char *id = webhook_source_create(bodies[k]);
        if (id != NULL)
            snprintf(paths[k], sizeof paths[k], "/v1/webhooks/%s", id);
        free(id);
        free(bodies[k]);
    }
    return paths[FORM][0] != '\0' && paths[JSON][0] != '\0' && paths[EVENTS][0] != '\0';
}

bool hostile_webhooks_build(void)
{
    if (!register_sources())
        return false;
    add_delivery("form: 1000 keys without values", FORM, text_repeat("k&", 999, "", "k"));
    add_delivery("form: a bad %-escape", FORM, text_printf("leads[add][0][id]=%%zz"));
    add_delivery("form: invalid UTF-8", FORM, text_printf("leads[add][0][name]=%%C3%%28"));
    add_delivery("form: %00", FORM, text_printf("leads[add][0][id]=1&leads[add][0][name]=a%%00"));
    add_delivery("form: 2001 fields", FORM, text_repeat("a=1&", 2001, "", "z=1"));
    add_delivery("form: 5000 brackets", FORM, text_repeat("[x]", 5000, "leads", "=1"));
    add_delivery("form: timestamp overflow", FORM,
                 text_printf("leads[add][0][id]=1&leads[add][0][date_create]="
                             "99999999999999999999999"));
    add_delivery("json: 3000-deep nesting", JSON, text_repeat("[", 3000, "", "]"));
    add_delivery("json: not an object", JSON, text_printf("42"));
    add_delivery("json: items not an array", JSON, text_printf("{\"leads\":{\"id\":1}}"));
    add_delivery("json: 1e999", JSON,
                 text_printf("{\"leads\":[{\"id\":1,\"created\":1e999,\"channel\":\"x\"}]}"));
    add_delivery("json: huge unix seconds", JSON,
                 text_printf("{\"leads\":[{\"id\":1,\"created\":9223372036854775807,"
                             "\"channel\":\"x\"}]}"));
    add_delivery(
        "form: 1999 list entries under a selector", FORM,
        text_repeat("leads[add][0][custom_fields][0][id]=1&", 1999, "", "leads[add][0][id]=1"));
    add_delivery("form: selector value with brackets", FORM,
                 text_printf("leads[add][0][id]=1&leads[add][0][date_create]=1&"
                             "leads[add][0][custom_fields][0][id]=%%5B7%%5D&"
                             "leads[add][0][custom_fields][0][values][0][value]=%%5D%%5B"));
    add_delivery("form: a value not in the lookup", FORM,
                 text_printf("leads[add][0][id]=1&leads[add][0][date_create]=1&"
                             "leads[add][0][status_id]=%%E2%%80%%AE"));
    add_delivery("events: empty array", EVENTS, text_printf("[]"));
    add_delivery("events: 1001 events", EVENTS,
                 text_repeat("{\"subscriptionType\":\"contact.creation\",\"objectId\":1,"
                             "\"occurredAt\":1736924400000},",
                             1000, "[", "{}]"));
    add_delivery("events: milliseconds past 9999", EVENTS,
                 text_printf("[{\"subscriptionType\":\"contact.creation\",\"objectId\":1,"
                             "\"occurredAt\":999999999999999999}]"));
    add_delivery("events: ids and types of the wrong kind", EVENTS,
                 text_printf("[{\"subscriptionType\":[\"contact.creation\"],\"objectId\":{}},"
                             "{\"subscriptionType\":\"contact.deletion\",\"objectId\":null},"
                             "{\"subscriptionType\":\"contact.creation\",\"objectId\":2,"
                             "\"occurredAt\":-1,\"emails\":[1,null,{\"type\":{}}]}]"));
    add_delivery("events: a deletion of no known lead", EVENTS,
                 text_printf("[{\"subscriptionType\":\"contact.deletion\",\"objectId\":"
                             "\"%%s\"}]"));
    return true;
}

void hostile_webhooks_run(int round)
{
    for (size_t i = 0; i < n_deliveries && kpid_running(); i++) {
        const struct delivery *d = &deliveries[i];
        char signature[WEBHOOK_SIGNATURE_SIZE];
        size_t len = strlen(d->body);
        webhook_sign(webhook_secret, (long)time(NULL), d->body, len, signature);
        const char *headers[] = {signature, NULL};
        struct http_reply r;
        http_call(&(struct http_request){.method = "POST",
                                         .path = paths[d->kind],
                                         .content_type = d->kind == FORM
                                                             ? "application/x-www-form-urlencoded"
                                                             : "application/json",
                                         .body = d->body,
                                         .headers = headers},
                  &r);
        bool ok = r.status == 200 || r.status == 202 || (r.status >= 400 && r.status < 500);
        if (round == 1)
            fault_note("webhook %s: %ld", d->name, r.status);
        fault_check(ok, "round %d, webhook %s: status %ld: %.200s", round, d->name, r.status,
                    r.body);
        http_reply_clear(&r);
        fault_check(kpid_running(), "kpid died on webhook %s", d->name);
    }
}

void hostile_webhooks_free(void)
{
    for (size_t i = 0; i < n_deliveries; i++)
        free(deliveries[i].body);
    n_deliveries = 0;
}
