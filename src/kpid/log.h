/* Structured logging: one JSON object per line on stderr. */
#ifndef KPID_LOG_H
#define KPID_LOG_H

#include "kpid/config.h"

void kpid_log_set_level(enum kpid_log_level level);

/* Writes {"ts","level","msg"} with msg formatted printf-style; thread-safe (one write()). */
void kpid_log(enum kpid_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The access-log line of one finished request. */
void kpid_log_access(const char *method, const char *path, unsigned status,
                     unsigned long long micros, const char *request_id);

#endif
