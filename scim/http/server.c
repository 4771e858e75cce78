/* SPDX-License-Identifier: MIT */
/*
 * scim/http/server.c
 *
 * evhttp on one I/O thread, a worker pool with one PostgreSQL connection
 * per worker, and the queues between them. Only the I/O thread touches
 * libevent's request objects; workers see plain structs (scim/http/http.h).
 */
#include "scim/http/server.h"

#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

#include "domain/base/log.h"
#include "scim/http/conns.h"
#include "scim/http/listen.h"
#include "scim/http/route.h"
#include "scim/model/render.h"

/* Requests waiting for a worker before new ones get 503. */
#define SCIM_QUEUE_MAX		1024
/* How long SIGTERM waits for requests in flight. */
#define SCIM_DRAIN_SECONDS	30
/* How far over --max-body a body may be and still get a SCIM 413. */
#define SCIM_BODY_MARGIN	(64L * 1024)

struct server;

struct job {
	struct job		*next;
	struct server		*srv;
	struct evhttp_request	*http;		/* I/O thread only */
	struct evhttp_connection *evcon;
	int			 gone;
	struct timespec		 start;
	struct scim_req		 req;
	struct scim_resp	 resp;
};

struct server {
	const struct scim_config	*cfg;
	const struct scim_worker_db	*db;
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*sock;
	struct event			*done_ev;
	struct event			*sig_term;
	struct event			*sig_int;
	pthread_mutex_t			 mu;
	pthread_cond_t			 cv;
	struct job			*q_head, *q_tail;
	int				 q_len;		/* jobs waiting for a worker */
	struct event			*drain_timer;
	struct job			*d_head, *d_tail;
	int				 shutdown;	/* workers: exit when idle */
	int				 stopping;	/* I/O: no new requests */
	int				 inflight;
	int				 closing;	/* last replies being written */
	pthread_t			*threads;
	int				 nthreads;
};

static double
ms_since(const struct timespec *t0)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
job_free(struct job *j)
{
	free(j->resp.body);
	arena_free(&j->req.arena);
	free(j);
}

static void
log_request(const struct job *j)
{
	char	line[1024], now[32];
	size_t	n;

	log_now_iso(now);
	n = (size_t)snprintf(line, sizeof(line),
	    "{\"time\":\"%s\",\"level\":\"info\",\"request_id\":\"%s\","
	    "\"method\":\"%s\",\"route\":\"", now, j->req.request_id,
	    j->req.method_name);
	log_json_escape(line, sizeof(line) - 200, &n,
	    j->resp.route ? j->resp.route : "unmatched");
	snprintf(line + n, sizeof(line) - n,
	    "\",\"status\":%d,\"duration_ms\":%.2f,\"org\":%s%s%s}",
	    j->resp.status, ms_since(&j->start),
	    j->resp.org_id ? "\"" : "", j->resp.org_id ? j->resp.org_id : "null",
	    j->resp.org_id ? "\"" : "");
	log_line(line);
}

/* While stopping, the loop ends once every reply has been written. */
static void
maybe_exit(struct server *s)
{
	if (s->stopping && s->inflight == 0 && s->closing == 0)
		event_base_loopexit(s->base, NULL);
}

/*
 * A reply sent while stopping carries Connection: close, so evhttp frees
 * its connection once the reply is written, or when the client is gone.
 */
static void
on_reply_written(struct evhttp_connection *evcon, void *arg)
{
	struct server	*s = arg;

	(void)evcon;
	s->closing--;
	maybe_exit(s);
}

/* Sends the response on the I/O thread, unless the client went away. */
static void
job_reply(struct job *j)
{
	struct evkeyvalq	*h;
	struct evbuffer		*buf;
	int			 i;

	if (j->http == NULL)
		return;
	if (j->gone) {
		evhttp_request_free(j->http);
		j->http = NULL;
		return;
	}
	evhttp_connection_set_closecb(j->evcon, NULL, NULL);
	scim_conns_reply(j->http);
	h = evhttp_request_get_output_headers(j->http);
	evhttp_add_header(h, "X-Request-Id", j->req.request_id);
	/*
	 * While stopping, keep-alive clients are told to go elsewhere, and
	 * the loop waits for the reply to be written (on_reply_written).
	 */
	if (j->srv->stopping) {
		evhttp_add_header(h, "Connection", "close");
		evhttp_connection_set_closecb(j->evcon, on_reply_written, j->srv);
		j->srv->closing++;
	}
	for (i = 0; i < j->resp.nheaders; i++)
		evhttp_add_header(h, j->resp.hname[i], j->resp.hvalue[i]);
	if (j->resp.body != NULL) {
		/* A handler may set its own (the NDJSON audit log does). */
		if (evhttp_find_header(h, "Content-Type") == NULL)
			evhttp_add_header(h, "Content-Type",
			    "application/scim+json; charset=utf-8");
		buf = evbuffer_new();
		evbuffer_add(buf, j->resp.body, j->resp.body_len);
		evhttp_send_reply(j->http, j->resp.status, NULL, buf);
		evbuffer_free(buf);
	} else {
		evhttp_send_reply(j->http, j->resp.status, NULL, NULL);
	}
	j->http = NULL;
}

static void
finish(struct job *j)
{
	struct server	*s = j->srv;

	job_reply(j);
	log_request(j);
	job_free(j);
	s->inflight--;
	maybe_exit(s);
}

static void
on_done(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;
	struct job	*j, *next;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&s->mu);
	j = s->d_head;
	s->d_head = s->d_tail = NULL;
	pthread_mutex_unlock(&s->mu);
	for (; j != NULL; j = next) {
		next = j->next;
		finish(j);
	}
}

/*
 * The client went away while a worker had its request. libevent 2.1
 * detaches a request it has not been answered for (evcon becomes NULL)
 * and leaves freeing it to us; the connection itself is gone.
 */
static void
on_close(struct evhttp_connection *evcon, void *arg)
{
	struct job	*j = arg;

	(void)evcon;
	j->gone = 1;
	j->evcon = NULL;
}

static void *
worker_main(void *arg)
{
	struct server	*s = arg;
	struct db_conn	*c;
	struct job	*j;

	c = s->db->open(s->db->arg);
	for (;;) {
		pthread_mutex_lock(&s->mu);
		while (s->q_head == NULL && !s->shutdown)
			pthread_cond_wait(&s->cv, &s->mu);
		j = s->q_head;
		if (j == NULL) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		s->q_head = j->next;
		if (s->q_head == NULL)
			s->q_tail = NULL;
		s->q_len--;
		pthread_mutex_unlock(&s->mu);

		scim_route(&j->resp, &j->req, c, s->cfg);

		j->next = NULL;
		pthread_mutex_lock(&s->mu);
		if (s->d_tail != NULL)
			s->d_tail->next = j;
		else
			s->d_head = j;
		s->d_tail = j;
		pthread_mutex_unlock(&s->mu);
		event_active(s->done_ev, EV_READ, 0);
	}
	s->db->close(c, s->db->arg);
	return NULL;
}

static enum scim_method
method_of(struct evhttp_request *r, const char **name)
{
	switch (evhttp_request_get_command(r)) {
	case EVHTTP_REQ_GET:	*name = "GET";		return SCIM_GET;
	case EVHTTP_REQ_POST:	*name = "POST";		return SCIM_POST;
	case EVHTTP_REQ_PUT:	*name = "PUT";		return SCIM_PUT;
	case EVHTTP_REQ_PATCH:	*name = "PATCH";	return SCIM_PATCH;
	case EVHTTP_REQ_DELETE:	*name = "DELETE";	return SCIM_DELETE;
	case EVHTTP_REQ_HEAD:	*name = "HEAD";		return SCIM_HEAD;
	default:		*name = "OTHER";	return SCIM_OTHER;
	}
}

static const char *
header(struct arena *a, struct evhttp_request *r, const char *name)
{
	const char	*v = evhttp_find_header(
	    evhttp_request_get_input_headers(r), name);

	return v ? arena_strdup(a, v) : NULL;
}

/* The base URL for meta.location: configured, else from a sane Host. */
static const char *
base_url(struct arena *a, const struct scim_config *cfg, const char *host)
{
	const char	*p;

	if (cfg->public_url != NULL)
		return arena_printf(a, "%s/scim/v2", cfg->public_url);
	if (host == NULL || host[0] == '\0' || strlen(host) > 255)
		host = cfg->listen;
	for (p = host; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr(".-:[]_", *p) == NULL)
			return arena_printf(a, "http://%s/scim/v2", cfg->listen);
	return arena_printf(a, "http://%s/scim/v2", host);
}

static void
request_id(char out[20])
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		r[8];
	int			i;
	FILE			*f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(r, 1, sizeof(r), f) != sizeof(r))
		memset(r, 0, sizeof(r));
	if (f != NULL)
		fclose(f);
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[16] = '\0';
}

static int
copy_request(struct job *j, struct evhttp_request *r, const struct scim_config *cfg)
{
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(r);
	struct evbuffer		*in = evhttp_request_get_input_buffer(r);
	struct scim_req		*q = &j->req;
	const char		*path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char		*query = uri ? evhttp_uri_get_query(uri) : NULL;
	char			*dec;
	size_t			 n;

	q->method = method_of(r, &q->method_name);
	dec = evhttp_uridecode(path && path[0] ? path : "/", 0, &n);
	if (dec == NULL)
		return -1;
	q->path = arena_strndup(&q->arena, dec, n);
	free(dec);
	q->query = query ? arena_strdup(&q->arena, query) : NULL;
	q->authorization = header(&q->arena, r, "Authorization");
	q->content_type = header(&q->arena, r, "Content-Type");
	q->if_match = header(&q->arena, r, "If-Match");
	q->if_none_match = header(&q->arena, r, "If-None-Match");
	q->base_url = base_url(&q->arena, cfg, header(&q->arena, r, "Host"));
	n = evbuffer_get_length(in);
	q->body_len = n;
	if (n > 0 && (long)n <= cfg->max_body) {
		char	*b = arena_alloc(&q->arena, n + 1);

		evbuffer_copyout(in, b, n);
		b[n] = '\0';
		q->body = b;
	}
	return 0;
}

static void
on_request(struct evhttp_request *r, void *arg)
{
	struct server	*s = arg;
	struct job	*j = xcalloc(1, sizeof(*j));
	struct err	 err = { 0 };

	scim_listen_accepted();
	scim_conns_request(r);
	clock_gettime(CLOCK_MONOTONIC, &j->start);
	j->srv = s;
	j->http = r;
	j->evcon = evhttp_request_get_connection(r);
	request_id(j->req.request_id);
	s->inflight++;
	if (copy_request(j, r, s->cfg) == -1) {
		err_set(&err, 400, ST_NONE, "malformed request path");
		scim_render_error(&j->resp, &j->req.arena, &err);
		finish(j);
		return;
	}
	/* Cheap answers never wait behind database work. */
	if (scim_route_inline(&j->resp, &j->req, s->cfg)) {
		finish(j);
		return;
	}
	pthread_mutex_lock(&s->mu);
	/*
	 * A bounded queue: when the database is slow, new requests are told
	 * to come back rather than piling up with their bodies in memory.
	 */
	if (s->q_len >= SCIM_QUEUE_MAX) {
		pthread_mutex_unlock(&s->mu);
		err_set(&err, 503, ST_NONE, "server busy; retry");
		err.retry_after = 1;
		scim_render_error(&j->resp, &j->req.arena, &err);
		finish(j);
		return;
	}
	evhttp_connection_set_closecb(j->evcon, on_close, j);
	s->q_len++;
	if (s->q_tail != NULL)
		s->q_tail->next = j;
	else
		s->q_head = j;
	s->q_tail = j;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static void
on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;

	(void)fd;
	(void)what;
	log_warn("%d requests in flight and %d replies unwritten after %d s; "
	    "stopping anyway", s->inflight, s->closing, SCIM_DRAIN_SECONDS);
	event_base_loopexit(s->base, NULL);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server	*s = arg;

	(void)what;
	if (s->stopping)
		return;
	log_info("signal %d: no new connections, finishing %d in flight",
	    (int)sig, s->inflight);
	s->stopping = 1;
	scim_listen_close(s->http, s->sock);
	s->sock = NULL;
	if (s->inflight == 0 && s->closing == 0) {
		event_base_loopexit(s->base, NULL);
		return;
	}
	/* A request stuck on a dead database must not hold the exit forever. */
	{
		struct timeval	tv = { SCIM_DRAIN_SECONDS, 0 };

		s->drain_timer = evtimer_new(s->base, on_drain_timeout, s);
		evtimer_add(s->drain_timer, &tv);
	}
}

static int
split_listen(char *host, size_t cap, int *port, const char *listen)
{
	const char	*colon = strrchr(listen, ':');
	char		*end;
	long		 p;
	size_t		 n;

	if (colon == NULL)
		return -1;
	n = (size_t)(colon - listen);
	if (n >= cap)
		return -1;
	memcpy(host, listen, n);
	host[n] = '\0';
	/* [::1]:8080 */
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
	}
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535 || end == colon + 1)
		return -1;
	if (host[0] == '\0')
		snprintf(host, cap, "0.0.0.0");
	*port = (int)p;
	return 0;
}

static int
start(struct server *s)
{
	char	host[256];
	int	port, i;
	long	cap;

	if (split_listen(host, sizeof(host), &port, s->cfg->listen) == -1) {
		log_error("invalid listen address \"%s\" (expected HOST:PORT)",
		    s->cfg->listen);
		return -1;
	}
	evthread_use_pthreads();
	s->base = event_base_new();
	s->http = evhttp_new(s->base);
	if (s->base == NULL || s->http == NULL)
		return -1;
	/*
	 * libevent refuses a declared body over its cap before reading it,
	 * but with an HTML page; a small margin above ours lets a body just
	 * over --max-body get the SCIM 413 from our handler, while a
	 * connection never buffers much more than --max-body unauthenticated.
	 */
	cap = s->cfg->max_body + SCIM_BODY_MARGIN;
	evhttp_set_max_body_size(s->http, cap);
	evhttp_set_max_headers_size(s->http, 64 * 1024);
	evhttp_set_timeout(s->http, 60);
	/* Every method reaches the router, which answers 405 in SCIM JSON. */
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	    EVHTTP_REQ_CONNECT);
	evhttp_set_gencb(s->http, on_request, s);
	if (scim_conns_init(s->base, s->http, s->cfg->max_connections,
	    s->cfg->read_timeout_s) == -1)
		return -1;
	s->sock = scim_listen_open(s->base, s->http, host, port);
	if (s->sock == NULL) {
		log_error("cannot listen on %s", s->cfg->listen);
		return -1;
	}
	s->done_ev = event_new(s->base, -1, 0, on_done, s);
	s->sig_term = evsignal_new(s->base, SIGTERM, on_signal, s);
	s->sig_int = evsignal_new(s->base, SIGINT, on_signal, s);
	event_add(s->sig_term, NULL);
	event_add(s->sig_int, NULL);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->nthreads = s->cfg->workers;
	s->threads = xcalloc((size_t)s->nthreads, sizeof(*s->threads));
	for (i = 0; i < s->nthreads; i++)
		pthread_create(&s->threads[i], NULL, worker_main, s);
	log_info("scimd listening on %s with %d workers", s->cfg->listen,
	    s->nthreads);
	return 0;
}

int
scim_server_run(const struct scim_config *cfg, const struct scim_worker_db *db)
{
	struct server	s;
	int		i, rc = 1;

	memset(&s, 0, sizeof(s));
	s.cfg = cfg;
	s.db = db;
	signal(SIGPIPE, SIG_IGN);
	if (start(&s) == 0) {
		event_base_dispatch(s.base);
		rc = 0;
	}
	if (s.threads != NULL) {
		pthread_mutex_lock(&s.mu);
		s.shutdown = 1;
		pthread_cond_broadcast(&s.cv);
		pthread_mutex_unlock(&s.mu);
		for (i = 0; i < s.nthreads; i++)
			pthread_join(s.threads[i], NULL);
		/* Jobs finished after the loop stopped: log and free them. */
		on_done(-1, 0, &s);
		free(s.threads);
		pthread_mutex_destroy(&s.mu);
		pthread_cond_destroy(&s.cv);
	}
	if (s.drain_timer)
		event_free(s.drain_timer);
	if (s.done_ev)
		event_free(s.done_ev);
	if (s.sig_term)
		event_free(s.sig_term);
	if (s.sig_int)
		event_free(s.sig_int);
	scim_listen_close(s.http, s.sock);
	if (s.http)
		evhttp_free(s.http);
	scim_conns_free();
	if (s.base)
		event_base_free(s.base);
	if (rc == 0)
		log_info("scimd stopped");
	return rc;
}
