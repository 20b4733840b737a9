/* The three-state result of anything in kpid that may queue an HTTP reply. */
#ifndef KPID_OUTCOME_H
#define KPID_OUTCOME_H

/*
 * KPID_OK: nothing was replied, go on. KPID_REPLIED: a reply (success or error) is queued,
 * the caller returns at once. KPID_SYSERR: nothing could be queued, close the connection.
 * Callers test it explicitly: `if ((rc = step(...)) != KPID_OK) return rc;` - never hide
 * that return inside a macro.
 */
enum kpid_outcome {
    KPID_OK = 0,
    KPID_REPLIED = 1,
    KPID_SYSERR = -1,
};

#endif
