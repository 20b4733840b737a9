/* Field maps: how a webhook source's payload (JSON or form) becomes lead or deal objects of
 * the POST /v1/leads (/v1/deals) shape. Checking a map and applying it are pure functions. */
#ifndef KPID_WEBHOOK_MAP_H
#define KPID_WEBHOOK_MAP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum kpid_payload_kind { KPID_PAYLOAD_JSON, KPID_PAYLOAD_FORM };
enum kpid_target_kind { KPID_TARGET_LEAD, KPID_TARGET_DEAL };

/* The most items (leads or deals) one delivery may carry. */
#define KPID_MAP_MAX_ITEMS 1000

/*
 * A field map is a JSON object:
 *   "<target field>": {"from": "<where>", "convert": "unix_seconds|yn_bool|string|number"}
 *   "<target field>": {"const": <JSON value>}
 *   "items": "<where the items are>"   (optional)
 * Target fields are the lead (or deal) members, nested ones as "contact/phone", and for
 * leads also "attributes/<name>". For a JSON payload <where> is a JSON pointer; for a form
 * payload a form key such as "leads[add][0][name]". With "items" - a pointer to an array, or
 * a form key pattern such as "leads[*][*]" whose "*" matches any one segment - every item
 * found there becomes one lead (deal) and each "from" is relative to the item ("/name", or
 * "name" for the form key "<item>[name]").
 *
 * Appends {field: prefix + "/<target field, pointer-escaped>[/from|/convert|/const]",
 * message} for each violation; returns how many.
 */
size_t kpid_field_map_check(const json_t *map, enum kpid_payload_kind payload,
                            enum kpid_target_kind target, const char *prefix, json_t *errors);

/*
 * Applies a (checked) map to a delivery body: returns a new array of objects, one per item,
 * each with "source" set to source_name unless the map sets it. On a body that cannot be
 * decoded, no items, or a value a conversion refuses, returns NULL and describes the
 * failure in error[0..error_size).
 */
json_t *kpid_field_map_apply(const json_t *map, enum kpid_payload_kind payload,
                             const char *source_name, const char *body, size_t len, char *error,
                             size_t error_size);

#endif
