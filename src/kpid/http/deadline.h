/* Request deadlines: a connection whose request has not fully arrived within the connection
 * timeout is shut down, however slowly bytes keep coming. */
#ifndef KPID_HTTP_DEADLINE_H
#define KPID_HTTP_DEADLINE_H

#include <microhttpd.h>

struct kpid_deadlines;

/* Starts the watchdog thread; NULL when it cannot be started. */
struct kpid_deadlines *kpid_deadlines_start(unsigned timeout_s);
/* Stops it; call after MHD_stop_daemon (every connection is closed by then). */
void kpid_deadlines_stop(struct kpid_deadlines *d);

/* The MHD_OPTION_NOTIFY_CONNECTION callback; cls is the kpid_deadlines. */
void kpid_deadlines_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                           enum MHD_ConnectionNotificationCode code);

/* The request on `connection` has fully arrived: no deadline while it is handled. */
void kpid_deadlines_received(struct MHD_Connection *connection);
/* The request is answered: the next one on this connection must arrive within the timeout. */
void kpid_deadlines_rearm(struct MHD_Connection *connection);

#endif
