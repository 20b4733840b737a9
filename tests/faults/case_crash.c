/* Case a: kpid is killed with SIGKILL twice during a 10,000-lead ingest by concurrent clients
 * and restarted; the clients then resend what was not acknowledged. Every lead that got a 2xx
 * must be stored, and no lead twice. */
#include "faults.h"

#include <stdio.h>

#define CRASH_LEADS 10000
#define CRASH_CLIENTS 8

/* Waits until `fraction` of the leads are acknowledged (up to 60 s). */
static bool wait_for_progress(struct lead_load *load, double fraction)
{
    size_t target = (size_t)(fraction * (double)load->count);
    for (double deadline = fault_now() + 60; fault_now() < deadline;) {
        if (atomic_load(&load->acks) >= target)
            return true;
        if (atomic_load(&load->running) == 0)
            return false;
        fault_sleep(0.005);
    }
    return false;
}

void case_crash(void)
{
    struct lead_load load;
    lead_load_init(&load, "faults-a", fault_sys.admin_key, CRASH_LEADS, CRASH_CLIENTS);
    double start = fault_now();
    lead_load_start(&load);

    /* first pass: each client sends each of its leads once, noting what was acknowledged */
    static const double kill_at[] = {0.30, 0.65};
    for (size_t k = 0; k < sizeof kill_at / sizeof kill_at[0] && !fault_failed(); k++) {
        if (!fault_check(wait_for_progress(&load, kill_at[k]),
                         "the ingest did not reach %.0f %% (%zu acknowledged)", kill_at[k] * 100,
                         (size_t)atomic_load(&load.acks)))
            break;
        size_t acked = atomic_load(&load.acks);
        kpid_kill();
        double down = fault_now();
        bool up = kpid_start();
        fault_note("SIGKILL at %zu acknowledged leads; kpid ready again after %.2f s", acked,
                   fault_now() - down);
        fault_check(up, "kpid did not start again after SIGKILL");
    }
    lead_load_finish(&load, 120);
    size_t first_pass = lead_load_acked(&load);

    /* then each client resends whatever was not acknowledged, until it is */
    load.persist = true;
    lead_load_start(&load);
    bool done = lead_load_finish(&load, 60);
    fault_check(done, "the resend pass did not finish within 60 s");
    fault_note("first pass: %zu acknowledged, %zu transport errors, %zu refused; after resending:"
               " %zu of %d in %.1f s",
               first_pass, (size_t)atomic_load(&load.transport_errors),
               (size_t)atomic_load(&load.refused), lead_load_acked(&load), CRASH_LEADS,
               fault_now() - start);
    fault_check(atomic_load(&load.other_5xx) == 0 && atomic_load(&load.other) == 0,
                "unexpected replies (%zu 5xx, %zu others), e.g. %s",
                (size_t)atomic_load(&load.other_5xx), (size_t)atomic_load(&load.other),
                load.unexpected);
    fault_check(lead_load_acked(&load) == CRASH_LEADS, "only %zu of %d leads were acknowledged",
                lead_load_acked(&load), CRASH_LEADS);
    lead_load_verify(&load);
    lead_load_free(&load);
}
