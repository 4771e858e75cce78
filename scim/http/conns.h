/* SPDX-License-Identifier: MIT */
/*
 * scim/http/conns.h
 *
 * The server's open connections: at most --max-connections of them, and
 * each must send its request in time. From a request's first byte, the
 * client has --read-timeout seconds plus one second per
 * SCIM_CONN_MIN_RATE bytes it has sent, so a slow but steady upload goes
 * through while a client trickling a header line now and then is cut
 * off. evhttp's own timeout bounds each single read, and so how long a
 * connection may sit idle between requests.
 */
#ifndef SCIMD_CONNS_H
#define SCIMD_CONNS_H

struct bufferevent;
struct event_base;
struct evhttp;
struct evhttp_request;

/* Slowest request data accepted, bytes per second, after the deadline. */
#define SCIM_CONN_MIN_RATE	16384

/*
 * Tracks every connection http accepts from now on (through its
 * bufferevent callback). max: --max-connections; over it a connection
 * gets a 503 naming the limit and is closed. timeout_s: --read-timeout.
 * Returns -1 when out of memory.
 */
int	scim_conns_init(struct event_base *base, struct evhttp *http, int max,
	    int timeout_s);
/*
 * Called on the I/O thread as request r arrives (no deadline runs while
 * it is answered) and just before its reply is sent (the wait for the
 * next request starts with its first byte once the reply is written).
 */
void	scim_conns_request(struct evhttp_request *r);
void	scim_conns_reply(struct evhttp_request *r);
/* Stops tracking; connections still open are left to evhttp. */
void	scim_conns_free(void);

#endif
