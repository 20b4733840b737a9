/* Writes kpid's log lines as JSON objects on stderr, one write() per line. */
#include "kpid/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum kpid_log_level current_level = KPID_LOG_INFO;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void kpid_log_set_level(enum kpid_log_level level)
{
    current_level = level;
}

static void format_now(char *buf, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* Takes ownership of line; adds the timestamp and writes it out. */
static void emit(json_t *line)
{
    char ts[40];
    format_now(ts, sizeof ts);
    json_object_set_new(line, "ts", json_string(ts));
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    if (text == NULL)
        return;
    size_t len = strlen(text);
    text[len] = '\n'; /* replaces the terminator; the buffer is written by length */
    ssize_t ignored = write(STDERR_FILENO, text, len + 1);
    (void)ignored;
    free(text);
}

void kpid_log(enum kpid_log_level level, const char *fmt, ...)
{
    if (level > current_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *line = json_object();
    json_object_set_new(line, "level", json_string(level_names[level]));
    json_object_set_new(line, "msg", json_string(msg));
    emit(line);
}

void kpid_log_access(const char *method, const char *path, unsigned status,
                     unsigned long long micros, const char *request_id)
{
    if (current_level < KPID_LOG_INFO)
        return;
    json_t *line = json_object();
    json_object_set_new(line, "level", json_string("info"));
    json_object_set_new(line, "method", json_string(method));
    /* a path with invalid UTF-8 is logged as null rather than dropped */
    json_object_set_new(line, "path", json_string(path));
    json_object_set_new(line, "status", json_integer(status));
    json_object_set_new(line, "us", json_integer((json_int_t)micros));
    json_object_set_new(line, "request_id", json_string(request_id));
    emit(line);
}
