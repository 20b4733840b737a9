/* JSON pointers (RFC 6901) into webhook payloads: "/lead/name", "/items/0", "/a~1b" for the
 * member "a/b", "/m~0n" for "m~n". Pure functions, safe on untrusted input. */
#ifndef KPID_WEBHOOK_POINTER_H
#define KPID_WEBHOOK_POINTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether ptr[0..len) is a well-formed pointer: empty (the whole document) or "/"-separated
 * reference tokens in which '~' is always followed by '0' or '1'. */
bool kpid_pointer_valid(const char *ptr, size_t len);

/*
 * The value ptr[0..len) points at in doc (borrowed), or NULL when the pointer is malformed
 * or leads nowhere. An array index is "0" or a number without leading zeros; "-" (past the
 * end) leads nowhere. In an array, a token "name=value" selects the first object element whose
 * member name is value (a string, or an integer's decimal text): "/fields/id=752009/value".
 */
json_t *kpid_pointer_get(const json_t *doc, const char *ptr, size_t len);

#endif
