/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.h
 *
 * The server's listening socket, which pauses instead of spinning when
 * the process runs out of descriptors.
 */
#ifndef SCIMD_LISTEN_H
#define SCIMD_LISTEN_H

struct event_base;
struct evhttp;
struct evhttp_bound_socket;

/*
 * Listens on host:port for http (one listener per process). Returns the
 * bound socket (owned by http), or NULL when it cannot bind.
 */
struct evhttp_bound_socket *scim_listen_open(struct event_base *base,
	    struct evhttp *http, const char *host, int port);

/* Stops listening; bound may be NULL. Safe to call once the loop ended. */
void	scim_listen_close(struct evhttp *http,
	    struct evhttp_bound_socket *bound);

/* Called for each request: logs the end of a pause episode. */
void	scim_listen_accepted(void);

#endif
