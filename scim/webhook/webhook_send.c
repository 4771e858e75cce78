/* SPDX-License-Identifier: MIT */
/*
 * scim/webhook/webhook_send.c
 *
 * One delivery: resolve the endpoint's host, refuse the attempt before
 * any connection when an address breaks the rule of domain/webhook.h
 * (SSRF), connect to the checked address itself (no second lookup that
 * could answer differently), POST the signed event over HTTP or verified
 * HTTPS, and record the attempt.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

#include "domain/base/log.h"
#include "scim/webhook/webhook_int.h"

long long
wh_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first WEBHOOK_EXCERPT bytes of the answer, printable ASCII only. */
static const char *
excerpt(struct arena *a, struct evhttp_request *req)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	char		 buf[WEBHOOK_EXCERPT + 1];
	ev_ssize_t	 n, i;

	n = evbuffer_copyout(in, buf, WEBHOOK_EXCERPT);
	if (n < 0)
		n = 0;
	for (i = 0; i < n; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			buf[i] = ' ';
	buf[n] = '\0';
	return arena_strdup(a, buf);
}

int
wh_sockets_exhausted(void)
{
	int	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd != -1) {
		close(fd);
		return 0;
	}
	return errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
	    errno == ENOMEM;
}

/*
 * Ends the attempt; the delivery thread records it with the others that
 * ended in the same turn of its loop (on_reap), in one statement.
 */
void
wh_send_finish(struct wh_send *s, int status, const char *text)
{
	if (s->done)
		return;
	s->done = 1;
	s->status = status;
	s->latency_ms = (int)(wh_now_ms() - s->start_ms);
	s->excerpt = arena_strdup(&s->arena, text != NULL ? text : "");
	s->w->inflight--;
	event_active(s->w->reap, EV_TIMEOUT, 0);
}

/*
 * Ends an attempt that could not reach the endpoint: no connection, no
 * name resolution, the connection lost. libevent reports a socket it could
 * not create like a refused connection; the probe tells them apart, so
 * that an instance at its descriptor limit does not spend the retries of
 * every delivery it claims and mark their endpoints failing. Once the
 * request is known to have reached the endpoint (a timeout, a TLS
 * failure, a bad answer: on_error says), the failure is the endpoint's.
 */
static void
fail_io(struct wh_send *s, const char *text)
{
	if (!s->done && !s->reached)
		s->local = wh_sockets_exhausted();
	wh_send_finish(s, 0, text);
}

static void
on_error(enum evhttp_request_error e, void *arg)
{
	struct wh_send	*s = arg;
	unsigned long	 ssl_err;

	ssl_err = s->bev != NULL ? bufferevent_get_openssl_error(s->bev) : 0;
	/* EOF is also how libevent reports a connection never made. */
	s->reached = e == EVREQ_HTTP_TIMEOUT || e == EVREQ_HTTP_INVALID_HEADER ||
	    e == EVREQ_HTTP_DATA_TOO_LONG || ssl_err != 0;
	if (ssl_err != 0)
		snprintf(s->error, sizeof(s->error), "TLS: %s",
		    ERR_reason_error_string(ssl_err) ? ERR_reason_error_string(
		    ssl_err) : "handshake failed");
	else
		snprintf(s->error, sizeof(s->error), "%s",
		    e == EVREQ_HTTP_TIMEOUT ? "timeout" :
		    e == EVREQ_HTTP_EOF ? "connection closed" :
		    e == EVREQ_HTTP_INVALID_HEADER ? "invalid answer" :
		    e == EVREQ_HTTP_DATA_TOO_LONG ? "answer too long" :
		    "connection failed");
}

static void
on_answer(struct evhttp_request *req, void *arg)
{
	struct wh_send	*s = arg;
	int		 status = req ? evhttp_request_get_response_code(req) : 0;

	if (status == 0)
		fail_io(s, s->error[0] ? s->error : "no answer");
	else
		wh_send_finish(s, status, excerpt(&s->arena, req));
}

/* A TLS bufferevent checking the certificate chain and the host name. */
static struct bufferevent *
tls_bev(struct wh_send *s)
{
	struct bufferevent	*bev;
	X509_VERIFY_PARAM	*vp;
	SSL			*ssl;
	unsigned char		 ip[16];
	int			 literal;

	if ((ssl = SSL_new(s->w->ssl)) == NULL)
		return NULL;
	vp = SSL_get0_param(ssl);
	literal = evutil_inet_pton(AF_INET, s->url.host, ip) == 1 ||
	    evutil_inet_pton(AF_INET6, s->url.host, ip) == 1;
	if (literal)
		X509_VERIFY_PARAM_set1_ip_asc(vp, s->url.host);
	else {
		SSL_set_tlsext_host_name(ssl, s->url.host);
		SSL_set1_host(ssl, s->url.host);
	}
	bev = bufferevent_openssl_socket_new(s->w->base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE |
	    BEV_OPT_DEFER_CALLBACKS);
	if (bev == NULL) {
		SSL_free(ssl);
		return NULL;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

/* Adds the Standard Webhooks headers and the rest; -1 on a bad secret. */
static int
headers(struct wh_send *s, struct evhttp_request *req)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	const char		*sig;
	char			 ts[24];
	long long		 now = (long long)time(NULL);

	sig = dom_webhook_sign(&s->arena, s->job.secret,
	    s->job.previous_secret, s->job.msg_id, now, s->job.body,
	    strlen(s->job.body));
	if (sig == NULL)
		return -1;
	snprintf(ts, sizeof(ts), "%lld", now);
	evhttp_add_header(h, "Host", s->url.authority);
	evhttp_add_header(h, "Content-Type", "application/json");
	evhttp_add_header(h, "User-Agent", "scimd-webhooks");
	evhttp_add_header(h, "Connection", "close");
	evhttp_add_header(h, "webhook-id", s->job.msg_id);
	evhttp_add_header(h, "webhook-timestamp", ts);
	evhttp_add_header(h, "webhook-signature", sig);
	return 0;
}

/* Connects to the checked address `ip` and sends the request. */
static void
post(struct wh_send *s, const char *ip)
{
	struct evhttp_request	*req;

	s->bev = s->url.https ? tls_bev(s) :
	    bufferevent_socket_new(s->w->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (s->bev == NULL) {
		fail_io(s, "cannot make a connection");
		return;
	}
	s->conn = evhttp_connection_base_bufferevent_new(s->w->base, NULL,
	    s->bev, ip, (unsigned short)atoi(s->url.port));
	if (s->conn == NULL) {
		bufferevent_free(s->bev);
		s->bev = NULL;
		fail_io(s, "cannot make a connection");
		return;
	}
	evhttp_connection_set_timeout(s->conn, WEBHOOK_TIMEOUT_S);
	evhttp_connection_set_retries(s->conn, 0);
	req = evhttp_request_new(on_answer, s);
	evhttp_request_set_error_cb(req, on_error);
	if (headers(s, req) == -1) {
		evhttp_request_free(req);
		wh_send_finish(s, 0, "the endpoint's secret is not valid");
		return;
	}
	evbuffer_add(evhttp_request_get_output_buffer(req), s->job.body,
	    strlen(s->job.body));
	if (evhttp_make_request(s->conn, req, EVHTTP_REQ_POST,
	    s->url.path) == -1)
		fail_io(s, "cannot send the request");
}

/* Every address must pass; the first one is used. */
static void
on_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
	struct wh_send		*s = arg;
	struct evutil_addrinfo	*ai;
	struct err		 err = { 0 };
	char			 ip[64];

	/* Canceled: s is being freed (wh_send_free). */
	if (result == EVUTIL_EAI_CANCEL)
		return;
	s->dns = NULL;
	if (result != 0 || res == NULL) {
		snprintf(s->error, sizeof(s->error), "cannot resolve %s: %s",
		    s->url.host, evutil_gai_strerror(result));
		wh_send_finish(s, 0, s->error);
		goto out;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next)
		if (dom_webhook_addr_check(ai->ai_addr, s->url.https,
		    s->job.insecure_http, s->w->allow_private, &err) == -1) {
			wh_send_finish(s, 0, err.detail);
			goto out;
		}
	if (evutil_inet_ntop(res->ai_family, res->ai_family == AF_INET ?
	    (void *)&((struct sockaddr_in *)res->ai_addr)->sin_addr :
	    (void *)&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, ip,
	    sizeof(ip)) == NULL)
		wh_send_finish(s, 0, "bad address");
	else
		post(s, ip);
out:
	if (res != NULL)
		evutil_freeaddrinfo(res);
}

/* Deep copy of the claimed job into the send's arena. */
static void
copy_job(struct wh_send *s, const struct webhook_job *j)
{
	struct arena	*a = &s->arena;

	s->job = *j;
	s->job.endpoint_id = arena_strdup(a, j->endpoint_id);
	s->job.url = arena_strdup(a, j->url);
	s->job.secret = arena_strdup(a, j->secret);
	s->job.previous_secret = j->previous_secret ?
	    arena_strdup(a, j->previous_secret) : NULL;
	s->job.msg_id = arena_strdup(a, j->msg_id);
	s->job.body = arena_strdup(a, j->body);
}

void
wh_send_start(struct scim_webhooks *w, const struct webhook_job *job)
{
	struct evutil_addrinfo	 hints;
	struct wh_send		*s = xcalloc(1, sizeof(*s));
	struct err		 err = { 0 };

	s->w = w;
	s->next = w->sending;
	w->sending = s;
	w->inflight++;
	s->start_ms = wh_now_ms();
	copy_job(s, job);
	if (dom_webhook_url_parse(&s->url, &s->arena, s->job.url, &err) == -1) {
		wh_send_finish(s, 0, err.detail);
		return;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	/* May call on_resolved before returning (numeric hosts). */
	s->dns = evdns_getaddrinfo(w->dns, s->url.host, s->url.port, &hints,
	    on_resolved, s);
}

void
wh_send_free(struct wh_send *s)
{
	if (s == NULL)
		return;
	if (s->dns != NULL)
		evdns_getaddrinfo_cancel(s->dns);
	if (s->conn != NULL)
		evhttp_connection_free(s->conn);
	else if (s->bev != NULL)
		bufferevent_free(s->bev);
	arena_free(&s->arena);
	free(s);
}
