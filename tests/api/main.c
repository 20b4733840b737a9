/* Runs every API suite against the kpid at KPID_TEST_URL in one Check runner. */
#include "client.h"

#include <stdlib.h>

/*
 * The suites, in the order they run. A new file tests/api/check_api_NAME.c defines
 * `Suite *api_NAME_suite(void)`; add one line X(NAME) above the closing comment.
 */
#define API_SUITES(X)                                                                              \
    X(foundation)                                                                                  \
    X(spend)                                                                                       \
    X(nps)                                                                                         \
    X(kpis)                                                                                        \
    X(periods)                                                                                     \
    X(scorecards)                                                                                  \
    X(leads)                                                                                       \
    X(lead_locks)                                                                                  \
    X(deals)                                                                                       \
    X(settings)                                                                                    \
    X(webhooks)                                                                                    \
    X(webhook_presets)                                                                             \
    X(webhook_fetch)                                                                               \
    X(results)                                                                                     \
    X(results_close)                                                                               \
    X(limits)                                                                                      \
    X(dashboard)                                                                                   \
    X(reporting)                                                                                   \
    X(stored_results)                                                                              \
    X(channel_stats)                                                                               \
    X(channel_metrics)                                                                             \
    X(weeks)                                                                                       \
    X(lifetime)                                                                                    \
    X(segments)                                                                                    \
    X(payouts)                                                                                     \
    X(audit)                                                                                       \
    X(read_routing)                                                                                \
    /* end of the list */

#define DECLARE(name) Suite *api_##name##_suite(void);
API_SUITES(DECLARE)

#define LIST(name) api_##name##_suite,
static Suite *(*const suites[])(void) = {API_SUITES(LIST)};

int main(void)
{
    api_client_init();
    SRunner *runner = srunner_create(NULL);
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        srunner_add_suite(runner, suites[i]());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    api_client_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
