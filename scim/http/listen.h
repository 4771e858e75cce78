/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.h
 *
 * Binding the server's listeners.
 */
#ifndef SCIMD_LISTEN_H
#define SCIMD_LISTEN_H

struct event_base;
struct evhttp;
struct evhttp_bound_socket;

/*
 * A new evhttp of base bound to listen ("HOST:PORT", "[::1]:PORT" or
 * ":PORT" for every address), its socket in *sock. Returns NULL with the
 * reason logged (a bad address, a port taken). Free it with evhttp_free.
 */
struct evhttp	*scim_listen(struct evhttp_bound_socket **sock,
		    struct event_base *base, const char *listen);

#endif
