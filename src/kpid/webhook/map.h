/* Field maps: how a webhook source's payload (JSON or form) becomes lead or deal objects of
 * the POST /v1/leads (/v1/deals) shape. Checking a map and applying it are pure functions. */
#ifndef KPID_WEBHOOK_MAP_H
#define KPID_WEBHOOK_MAP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum kpid_payload_kind { KPID_PAYLOAD_JSON, KPID_PAYLOAD_FORM };
enum kpid_target_kind { KPID_TARGET_LEAD, KPID_TARGET_DEAL };

/* The member marking an applied item as an erasure of the lead (source, external_id). */
#define KPID_MAP_ERASE "$erase"

/* The most items (leads or deals) one delivery may carry. */
#define KPID_MAP_MAX_ITEMS 1000

/*
 * A field map is a JSON object:
 *   "<target field>": {"from": "<where>", "convert": "unix_seconds|unix_ms|yn_bool|string|number",
 *                      "values": {"<value received>": <value set>, ...}}
 *   "<target field>": {"const": <JSON value>}
 *   "<target field>": {"received_at": true}   (when kpid received the delivery)
 *   "items": "<where the items are>"   (optional)
 *   "when": {"<where>": ["accepted value", ...], ...}   (optional: the items mapped)
 * Any entry may say "on_create": true: the field is written when the item creates its lead
 * (deal) and kept as it is when a later delivery updates it. A "values" lookup turns the
 * (converted) value into the listed one, null leaving the field unset; a value not listed
 * fails the item. Items whose "when" values are not among the accepted ones are skipped.
 * A map-level "erase": {"when": {...}, "external_id": <entry>} (leads only) turns the items
 * it takes into erasures: {"$erase": true, "external_id", "source"}. With a form's items, its
 * "items": "<pattern>" takes only the items whose key prefix the pattern matches whole (as
 * "leads[delete][*]" of "leads[*][*]"); "when" may then be left out.
 * A form key segment "[name=value]" selects the list element N whose "[N][name]" is value,
 * and a pointer token "name=value" the array element whose member name is value.
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

/* The same, with received_at (RFC 3339; NULL: now) for "received_at" entries. The array may
 * be empty when "when" skipped every item. */
json_t *kpid_field_map_apply_at(const json_t *map, enum kpid_payload_kind payload,
                                const char *source_name, const char *received_at, const char *body,
                                size_t len, char *error, size_t error_size);

/* The target fields the (checked) map writes only on create, as a new array of strings. */
json_t *kpid_field_map_on_create(const json_t *map);

#endif
