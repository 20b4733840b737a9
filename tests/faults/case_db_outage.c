/* Case b: PostgreSQL is stopped with `pg_ctl stop -m immediate` under ingest load and started
 * again 10 s later. kpid must stay up (same process), answer 503 problem+json with
 * Retry-After meanwhile (nothing else 5xx), acknowledge leads again within 5 s of the database
 * being back, and lose no acknowledged lead. */
#include "faults.h"

#include <stdio.h>

#define OUTAGE_SECONDS 10.0
#define RECOVERY_LIMIT 5.0

/* Waits up to `seconds` for a lead acknowledged after `since`; returns when, or -1. */
static double first_ack_after(struct lead_load *load, double since, double seconds)
{
    for (double deadline = fault_now() + seconds; fault_now() < deadline;) {
        double last = (double)atomic_load(&load->last_ack_us) / 1e6;
        if (last > since)
            return last;
        fault_sleep(0.005);
    }
    return -1;
}

void case_db_outage(void)
{
    pid_t pid = fault_sys.kpid_pid;
    struct lead_load load;
    lead_load_init(&load, "faults-b", fault_sys.admin_key, 1000000, 4);
    load.persist = true; /* like a CRM: retry each lead until it is acknowledged */
    lead_load_start(&load);

    fault_sleep(1.0);
    size_t before = atomic_load(&load.acks);
    fault_check(before > 0, "no lead was acknowledged before the outage");
    double down = fault_now();
    fault_check(pg_stop_immediate(), "pg_ctl stop -m immediate failed");
    fault_sleep(0.2); /* replies to commits that made it before the stop */
    size_t stopped = atomic_load(&load.acks);
    fault_sleep(OUTAGE_SECONDS - (fault_now() - down));
    size_t during = atomic_load(&load.acks) - stopped;
    double restart = fault_now();
    bool started = pg_start();
    double back = fault_now();
    fault_check(started, "PostgreSQL did not start again");

    double ack = started ? first_ack_after(&load, back, 15) : -1;
    fault_check(ack >= 0 && ack - back <= RECOVERY_LIMIT,
                "no lead acknowledged within %.0f s of the database being back (%.2f s)",
                RECOVERY_LIMIT, ack >= 0 ? ack - back : -1.0);
    fault_sleep(1.0);
    lead_load_finish(&load, 0);

    double first_503 = (double)atomic_load(&load.first_503_us) / 1e6;
    fault_note("%zu acknowledged before the stop; the first 503 %.2f s after it; %zu 503s;"
               " PostgreSQL restart took %.2f s; first 2xx %.2f s after it was back;"
               " %zu acknowledged in all",
               before, first_503 > 0 ? first_503 - down : -1.0,
               (size_t)atomic_load(&load.problems_503), back - restart, ack - back,
               (size_t)atomic_load(&load.acks));
    fault_check(atomic_load(&load.problems_503) > 0, "no 503 while the database was down");
    fault_check(atomic_load(&load.bad_503) == 0,
                "%zu 503s without problem+json or Retry-After, e.g. %s",
                (size_t)atomic_load(&load.bad_503), load.unexpected);
    fault_check(atomic_load(&load.other_5xx) == 0 && atomic_load(&load.other) == 0,
                "%zu other 5xx and %zu other replies, e.g. %s",
                (size_t)atomic_load(&load.other_5xx), (size_t)atomic_load(&load.other),
                load.unexpected);
    fault_check(atomic_load(&load.transport_errors) == 0 && atomic_load(&load.refused) == 0,
                "%zu requests got no response, %zu connections refused",
                (size_t)atomic_load(&load.transport_errors), (size_t)atomic_load(&load.refused));
    fault_check(during == 0, "%zu leads acknowledged while the database was down", during);
    fault_check(kpid_running() && fault_sys.kpid_pid == pid,
                "kpid did not survive the outage (pid %d, was %d)", (int)fault_sys.kpid_pid,
                (int)pid);
    lead_load_verify(&load);
    lead_load_free(&load);
}
