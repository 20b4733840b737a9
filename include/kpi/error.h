/* libkpi errors as values: a status code plus a message and, for formulas, a position. */
#ifndef KPI_ERROR_H
#define KPI_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible libkpi function returns one of these. */
typedef enum kpi_status {
    KPI_OK = 0,
    KPI_ERR_INVALID, /* malformed text or an argument outside its domain */
    KPI_ERR_RANGE,   /* well-formed but outside the supported range (years 1970..9999...) */
    KPI_ERR_SYNTAX,  /* a formula does not parse; the error carries the position */
    KPI_ERR_UNKNOWN, /* a formula names an unknown measure; the error carries the position */
    KPI_ERR_LIMIT,   /* input larger or deeper than a documented cap */
    KPI_ERR_NOMEM    /* allocation failed */
} kpi_status;

#define KPI_ERROR_MESSAGE_SIZE 160

/*
 * Details of a failure. Functions take a `kpi_error *` that may be NULL when
 * the caller only wants the status. On success the struct is left untouched.
 * `position` is the 1-based character position in the parsed text (formulas),
 * the 1-based item index (scorecards), or 0 when it does not apply.
 * `message` is a NUL-terminated English sentence without a trailing period,
 * safe to show to an API client (it never contains pointers or internals).
 */
typedef struct kpi_error {
    kpi_status status;
    int position;
    char message[KPI_ERROR_MESSAGE_SIZE];
} kpi_error;

/* A stable lower-case name for a status ("ok", "syntax"...); static storage. */
const char *kpi_status_name(kpi_status status);

#ifdef __cplusplus
}
#endif

#endif
