/* Requests and assertions the results API suites share. */
#ifndef KPID_TESTS_API_RESULTS_UTIL_H
#define KPID_TESTS_API_RESULTS_UTIL_H

#include "client.h"

/* POSTs and checks a 2xx; returns the response's /id (static copy) when it has one. */
const char *post_ok(const char *key, const char *path, const char *json);

/* PUTs and checks a 2xx. */
void put_ok(const char *key, const char *path, const char *json);

/* GETs the formatted path with 200 expected (free the response). */
struct api_response *get_ok(const char *key, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The result of KPI `code` in a results response (fails the test when absent). */
json_t *result_of(const struct api_response *r, const char *code);

/* Asserts a number (NAN: null) at a slash-separated path within obj, to 1e-9 relative. */
void assert_number(const json_t *obj, const char *what, const char *member, double expected);

/* Asserts a string at a slash-separated path within obj. */
void assert_text(const json_t *obj, const char *what, const char *member, const char *expected);

#endif
