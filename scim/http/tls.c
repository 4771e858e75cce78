/* SPDX-License-Identifier: MIT */
/*
 * scim/http/tls.c
 *
 * The TLS side of the server. Each accepted connection gets an SSL object
 * of the current SSL_CTX, which holds a reference to that context: a
 * reload swaps the context for new connections and frees ours, and the
 * open connections keep theirs until they close. Everything here runs on
 * the I/O thread (the accept callback and the SIGHUP event), so the swap
 * needs no lock.
 */
#include "scim/http/tls.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>

#include "domain/base/arena.h"
#include "domain/base/log.h"

/* Mozilla's "intermediate" configuration (version 5.7). */
#define TLS12_CIPHERS	"ECDHE-ECDSA-AES128-GCM-SHA256:" \
	"ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:" \
	"ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:" \
	"DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
#define TLS13_SUITES	"TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:" \
	"TLS_CHACHA20_POLY1305_SHA256"
#define TLS_GROUPS	"X25519:prime256v1:secp384r1"

struct scim_tls {
	SSL_CTX		*ctx;
	char		*cert;
	char		*key;
	struct event	*sighup;
};

/* The first queued OpenSSL error, for a log line; clears the queue. */
static const char *
ssl_reason(char *buf, size_t cap)
{
	unsigned long	e = ERR_get_error();

	if (e == 0)
		snprintf(buf, cap, "unknown error");
	else
		ERR_error_string_n(e, buf, cap);
	ERR_clear_error();
	return buf;
}

/* Only http/1.1 is spoken; a client offering only h2 gets no ALPN. */
static int
alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
    const unsigned char *in, unsigned int inlen, void *arg)
{
	static const unsigned char	http11[] = "\x08http/1.1";
	unsigned char			*sel;

	(void)ssl;
	(void)arg;
	if (SSL_select_next_proto(&sel, outlen, http11, sizeof(http11) - 1,
	    in, inlen) != OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_NOACK;
	*out = sel;
	return SSL_TLSEXT_ERR_OK;
}

static int
ctx_settings(SSL_CTX *ctx)
{
	static const unsigned char	sid[] = "scimd";

	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
	SSL_CTX_set_dh_auto(ctx, 1);
	return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 &&
	    SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) == 1 &&
	    SSL_CTX_set_ciphersuites(ctx, TLS13_SUITES) == 1 &&
	    SSL_CTX_set1_groups_list(ctx, TLS_GROUPS) == 1 &&
	    SSL_CTX_set_session_id_context(ctx, sid, sizeof(sid) - 1) == 1 ?
	    0 : -1;
}

/* A context for cert and key, or NULL with the reason logged. */
static SSL_CTX *
ctx_load(const char *cert, const char *key)
{
	SSL_CTX	*ctx = SSL_CTX_new(TLS_server_method());
	char	 why[256];

	if (ctx == NULL || ctx_settings(ctx) == -1) {
		log_error("TLS: cannot set up a context: %s",
		    ssl_reason(why, sizeof(why)));
		goto fail;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		log_error("TLS: cannot load the certificate %s: %s", cert,
		    ssl_reason(why, sizeof(why)));
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		log_error("TLS: cannot load the private key %s: %s", key,
		    ssl_reason(why, sizeof(why)));
		goto fail;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		log_error("TLS: the private key %s does not match the "
		    "certificate %s", key, cert);
		ERR_clear_error();
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static void
on_sighup(evutil_socket_t sig, short what, void *arg)
{
	struct scim_tls	*t = arg;
	SSL_CTX		*ctx;

	(void)sig;
	(void)what;
	if ((ctx = ctx_load(t->cert, t->key)) == NULL) {
		log_error("SIGHUP: the new TLS certificate and key were "
		    "refused; still serving the previous ones");
		return;
	}
	SSL_CTX_free(t->ctx);
	t->ctx = ctx;
	log_info("SIGHUP: TLS certificate and key reloaded from %s", t->cert);
}

struct scim_tls *
scim_tls_new(struct event_base *base, const char *cert, const char *key)
{
	struct scim_tls	*t;
	SSL_CTX		*ctx;

	if ((ctx = ctx_load(cert, key)) == NULL)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->ctx = ctx;
	t->cert = xstrdup(cert);
	t->key = xstrdup(key);
	t->sighup = evsignal_new(base, SIGHUP, on_sighup, t);
	if (t->sighup == NULL || event_add(t->sighup, NULL) == -1) {
		log_error("TLS: cannot watch SIGHUP");
		scim_tls_free(t);
		return NULL;
	}
	return t;
}

void
scim_tls_free(struct scim_tls *t)
{
	if (t == NULL)
		return;
	if (t->sighup != NULL)
		event_free(t->sighup);
	SSL_CTX_free(t->ctx);
	free(t->cert);
	free(t->key);
	free(t);
}

struct bufferevent *
scim_tls_bev(struct event_base *base, void *arg)
{
	struct scim_tls		*t = arg;
	struct bufferevent	*bev;
	SSL			*ssl;

	/*
	 * Returning NULL would make evhttp serve the socket in plain text,
	 * so a failure here (out of memory) stops the process instead.
	 */
	if ((ssl = SSL_new(t->ctx)) == NULL)
		abort();
	bev = bufferevent_openssl_socket_new(base, -1, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL)
		abort();
	/* Clients that close without close_notify are the norm, not an error. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

void
scim_tls_nodelay(int fd)
{
	int	one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1)
		log_warn("TLS: cannot set TCP_NODELAY; keep-alive answers may "
		    "wait for delayed ACKs");
}
