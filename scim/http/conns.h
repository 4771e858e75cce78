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
 * Starts the connection count and the deadline sweep. max:
 * --max-connections, over which a connection is closed (with a plain
 * HTTP 503 naming the limit, unless it is TLS); timeout_s:
 * --read-timeout. Returns -1 when out of memory.
 */
int	scim_conns_init(struct event_base *base, int max, int timeout_s);
/*
 * Tracks every connection http accepts from now on (through its
 * bufferevent callback, which evhttp has one of: TLS goes through here).
 * make builds a connection's bufferevent (NULL: a plain socket one).
 * At most two listeners; -1 past that.
 */
int	scim_conns_attach(struct evhttp *http,
	    struct bufferevent *(*make)(struct event_base *, void *),
	    void *arg);
/*
 * Called on the I/O thread as request r arrives (no deadline runs while
 * it is answered) and just before its reply is sent (the wait for the
 * next request starts with its first byte once the reply is written).
 */
void	scim_conns_request(struct evhttp_request *r);
void	scim_conns_reply(struct evhttp_request *r);
/*
 * How many connections still owe their client something: a reply not
 * yet handed to the kernel, or a request that has begun to arrive and is
 * not with the server yet. What a stopping server waits for.
 */
int	scim_conns_unfinished(void);
/* Stops tracking; connections still open are left to evhttp. */
void	scim_conns_free(void);

#endif
