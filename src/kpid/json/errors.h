/* Field-level errors: the {field, message} list a 422 problem carries. */
#ifndef KPID_JSON_ERRORS_H
#define KPID_JSON_ERRORS_H

#include <jansson.h>

/* Appends {field: pointer, message} to an errors array. */
void kpid_json_error_add(json_t *errors, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
