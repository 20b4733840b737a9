/* Builds the field-level error lists of 422 answers. */
#include "kpid/json/errors.h"

#include <stdarg.h>
#include <stdio.h>

void kpid_json_error_add(json_t *errors, const char *pointer, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    json_t *field = json_string(pointer);
    json_array_append_new(errors, json_pack("{s:o,s:s}", "field", field ? field : json_string("?"),
                                            "message", message));
}
