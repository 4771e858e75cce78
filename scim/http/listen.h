/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.h
 *
 * The server's listeners, which pause instead of spinning when the
 * process runs out of descriptors.
 */
#ifndef SCIMD_LISTEN_H
#define SCIMD_LISTEN_H

struct event_base;
struct evhttp;
struct evhttp_bound_socket;

/*
 * A new evhttp of base bound to listen ("HOST:PORT", "[::1]:PORT" or
 * ":PORT" for every address), its socket in *sock. Returns NULL with the
 * reason logged (a bad address, a port taken). Close the socket with
 * scim_listen_close, then free the evhttp with evhttp_free. At most four
 * listeners per process.
 */
struct evhttp	*scim_listen(struct evhttp_bound_socket **sock,
		    struct event_base *base, const char *listen);

/* Stops listening on bound (NULL: nothing to do). */
void	scim_listen_close(struct evhttp *http,
	    struct evhttp_bound_socket *bound);

/* Called for each request: logs the end of a pause episode. */
void	scim_listen_accepted(void);

#endif
