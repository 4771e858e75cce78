/* SPDX-License-Identifier: MIT */
/*
 * scim/http/tls.h
 *
 * HTTPS for the evhttp server: an OpenSSL context with TLS 1.2 and 1.3
 * only, Mozilla's "intermediate" ciphers and ALPN http/1.1, handed to
 * evhttp as the bufferevent of each accepted connection; SIGHUP loads the
 * certificate and key again without touching open connections.
 */
#ifndef SCIMD_TLS_H
#define SCIMD_TLS_H

struct bufferevent;
struct event_base;

struct scim_tls;

/*
 * Loads the PEM certificate (chain) `cert` and private key `key` and
 * reloads them on SIGHUP, from the event loop of `base`. Returns the
 * context (free it with scim_tls_free), or NULL with the reason logged.
 */
struct scim_tls	*scim_tls_new(struct event_base *base, const char *cert,
		    const char *key);
void		 scim_tls_free(struct scim_tls *);

/*
 * For evhttp_set_bevcb(): a server-side TLS bufferevent for the next
 * accepted connection, with the certificate loaded last. arg is the
 * struct scim_tls. I/O thread only.
 */
struct bufferevent *scim_tls_bev(struct event_base *base, void *arg);

/*
 * Sets TCP_NODELAY on the listening socket fd (accepted sockets inherit
 * it): TLS writes a response as several records, and Nagle's algorithm
 * would hold the last one for the client's delayed ACK (~40 ms on a
 * keep-alive connection).
 */
void		 scim_tls_nodelay(int fd);

#endif
