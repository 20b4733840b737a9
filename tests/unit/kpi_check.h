/* Shared helpers for the libkpi Check suites: error assertions and a standard main. */
#ifndef KPI_CHECK_H
#define KPI_CHECK_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kpi/kpi.h"

/* Asserts a call failed with `status` and filled a non-empty message. */
#define ck_assert_kpi_fail(call, want, e)                                                          \
    do {                                                                                           \
        memset(&(e), 0, sizeof(e));                                                                \
        ck_assert_int_eq((call), (want));                                                          \
        ck_assert_int_eq((e).status, (want));                                                      \
        ck_assert_uint_gt(strlen((e).message), 0);                                                 \
    } while (0)

/* Runs one suite; the process exit status says whether every test passed. */
static inline int kpi_check_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
