/* Case d's webhook deliveries: correctly signed, so they get past authentication to the form
 * and JSON payload parsers and the field maps. Each is answered 200 (mapped or a duplicate),
 * 202 (kept in the inbox as failed) or 4xx - never 5xx. They are not part of the unchanged-rows
 * check, since a failed delivery is kept in the inbox by design. */
#include "faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char webhook_secret[] = "faults-d-webhook-secret";

struct delivery {
    const char *name;
    bool form;
    char *body;
};

static struct delivery deliveries[16];
static size_t n_deliveries;
static char form_path[96], json_path[96];

/* Adds a delivery (body taken over). */
static void add_delivery(const char *name, bool form, char *body)
{
    if (n_deliveries < sizeof deliveries / sizeof deliveries[0])
        deliveries[n_deliveries++] = (struct delivery){name, form, body};
}

/* Registers a form and a JSON source with the README's example maps; false on failure. */
static bool register_sources(void)
{
    char *form =
        text_printf("{\"name\":\"faults-d-form\",\"payload\":\"form\",\"target\":\"lead\","
                    "\"secret\":\"%s\",\"field_map\":{"
                    "\"items\":\"leads[*][*]\",\"external_id\":{\"from\":\"id\"},"
                    "\"created_at\":{\"from\":\"date_create\",\"convert\":\"unix_seconds\"},"
                    "\"contact/name\":{\"from\":\"name\"},"
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
    char *form_id = webhook_source_create(form);
    char *json_id = webhook_source_create(json);
    if (form_id != NULL)
        snprintf(form_path, sizeof form_path, "/v1/webhooks/%s", form_id);
    if (json_id != NULL)
        snprintf(json_path, sizeof json_path, "/v1/webhooks/%s", json_id);
    free(form_id);
    free(json_id);
    free(form);
    free(json);
    return form_path[0] != '\0' && json_path[0] != '\0';
}

bool hostile_webhooks_build(void)
{
    if (!register_sources())
        return false;
    add_delivery("form: 1000 keys without values", true, text_repeat("k&", 999, "", "k"));
    add_delivery("form: a bad %-escape", true, text_printf("leads[add][0][id]=%%zz"));
    add_delivery("form: invalid UTF-8", true, text_printf("leads[add][0][name]=%%C3%%28"));
    add_delivery("form: %00", true, text_printf("leads[add][0][id]=1&leads[add][0][name]=a%%00"));
    add_delivery("form: 2001 fields", true, text_repeat("a=1&", 2001, "", "z=1"));
    add_delivery("form: 5000 brackets", true, text_repeat("[x]", 5000, "leads", "=1"));
    add_delivery("form: timestamp overflow", true,
                 text_printf("leads[add][0][id]=1&leads[add][0][date_create]="
                             "99999999999999999999999"));
    add_delivery("json: 3000-deep nesting", false, text_repeat("[", 3000, "", "]"));
    add_delivery("json: not an object", false, text_printf("42"));
    add_delivery("json: items not an array", false, text_printf("{\"leads\":{\"id\":1}}"));
    add_delivery("json: 1e999", false,
                 text_printf("{\"leads\":[{\"id\":1,\"created\":1e999,\"channel\":\"x\"}]}"));
    add_delivery("json: huge unix seconds", false,
                 text_printf("{\"leads\":[{\"id\":1,\"created\":9223372036854775807,"
                             "\"channel\":\"x\"}]}"));
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
                                         .path = d->form ? form_path : json_path,
                                         .content_type = d->form
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
