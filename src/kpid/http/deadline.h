/* Request deadlines: a connection whose request line and headers have not arrived within the
 * header timeout, or whose body has not within the connection timeout, is shut down, however
 * slowly bytes keep coming. Also counts open connections to admit each or not. */
#ifndef KPID_HTTP_DEADLINE_H
#define KPID_HTTP_DEADLINE_H

#include <microhttpd.h>
#include <stdbool.h>

struct kpid_deadlines;

/* Starts the watchdog thread; NULL when it cannot be started. A connection opened while more
 * than `limit` are open is not admitted. */
struct kpid_deadlines *kpid_deadlines_start(unsigned header_timeout_s, unsigned timeout_s,
                                            unsigned limit);
/* Stops it; call after MHD_stop_daemon (every connection is closed by then). */
void kpid_deadlines_stop(struct kpid_deadlines *d);

/* How many connections have been opened so far (a running count, never decreasing). */
unsigned long kpid_deadlines_started(struct kpid_deadlines *d);

/* The MHD_OPTION_NOTIFY_CONNECTION callback; cls is the kpid_deadlines. */
void kpid_deadlines_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                           enum MHD_ConnectionNotificationCode code);

/* The request line and headers have arrived: the body must within the connection timeout. */
void kpid_deadlines_headers_received(struct MHD_Connection *connection);
/* Whether the connection was opened within the limit (true when it is not watched). */
bool kpid_deadlines_admitted(struct MHD_Connection *connection);
/* The request on `connection` has fully arrived: no deadline while it is handled. */
void kpid_deadlines_received(struct MHD_Connection *connection);
/* The request is answered: the next one on this connection must arrive within the connection
 * timeout (the keep-alive idle time). */
void kpid_deadlines_rearm(struct MHD_Connection *connection);

#endif
