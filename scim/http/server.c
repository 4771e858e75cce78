/* SPDX-License-Identifier: MIT */
/*
 * scim/http/server.c
 *
 * evhttp on one I/O thread, a worker pool with one PostgreSQL connection
 * per worker, and the queues between them. Only the I/O thread touches
 * libevent's request objects; workers see plain structs (scim/http/http.h).
 */
#include "scim/http/server.h"

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
#include "scim/http/copy.h"
#include "scim/http/conns.h"
#include "scim/http/listen.h"
#include "scim/http/metrics.h"
#include "scim/http/route.h"
#include "scim/http/tls.h"
#include "scim/model/render.h"

/* Requests waiting for a worker before new ones get 503. */
#define SCIM_QUEUE_MAX		1024
/* How long SIGTERM waits for requests in flight (on_drain_timeout). */
#define SCIM_DRAIN_SECONDS	30
/* While stopping, how often the loop looks for unwritten replies. */
#define SCIM_STOP_CHECK_MS	10
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
	struct event			*stop_check;
	struct job			*d_head, *d_tail;
	int				 shutdown;	/* workers: exit when idle */
	int				 stopping;	/* I/O: no new requests */
	int				 inflight;
	int				 closing;	/* last replies being written */
	int				 gave_up;	/* drain time out: refuse work */
	pthread_t			*threads;
	int				 nthreads;
	int				 busy;		/* workers running a job */
	/* TLS on `http`, with an optional plain listener beside it. */
	struct scim_tls			*tls;
	struct evhttp			*plain;
	struct evhttp_bound_socket	*plain_sock;
	struct evhttp			*metrics;	/* --metrics-listen */
	struct evhttp_bound_socket	*metrics_sock;
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

	if (!log_enabled(LOG_LEVEL_INFO))
		return;
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

/*
 * While stopping, the loop ends once every request is answered and every
 * reply written: those sent with Connection: close (closing), and those
 * sent just before the signal, maybe still in an output buffer, which
 * would never be written once the loop ends (scim_conns_unfinished).
 */
static void
maybe_exit(struct server *s)
{
	if (s->stopping && s->inflight == 0 && s->closing == 0 &&
	    scim_conns_unfinished() == 0)
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
	scim_metrics_request(j->resp.route, j->req.method_name, j->resp.status,
	    ms_since(&j->start) / 1e3);
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
		s->busy++;
		pthread_mutex_unlock(&s->mu);

		scim_route(&j->resp, &j->req, c, s->cfg);

		j->next = NULL;
		pthread_mutex_lock(&s->mu);
		s->busy--;
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

/* Answers j with a SCIM error instead of running it. */
static void
refuse(struct job *j, int status, const char *detail)
{
	struct err	err = { 0 };

	err_set(&err, status, ST_NONE, "%s", detail);
	if (status == 503)
		err.retry_after = 1;
	scim_render_error(&j->resp, &j->req.arena, &err);
	finish(j);
}

/* Takes the jobs no worker has started (owned by the caller). */
static struct job *
take_queue(struct server *s)
{
	struct job	*j;

	pthread_mutex_lock(&s->mu);
	j = s->q_head;
	s->q_head = s->q_tail = NULL;
	s->q_len = 0;
	pthread_mutex_unlock(&s->mu);
	return j;
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
	scim_http_request_id(j->req.request_id, r);
	s->inflight++;
	if (scim_http_copy(&j->req, r, s->cfg, &err) == -1) {
		scim_render_error(&j->resp, &j->req.arena, &err);
		finish(j);
		return;
	}
	/* Cheap answers never wait behind database work. */
	if (scim_route_inline(&j->resp, &j->req, s->cfg)) {
		finish(j);
		return;
	}
	if (s->gave_up) {
		refuse(j, 503, "server shutting down; retry");
		return;
	}
	pthread_mutex_lock(&s->mu);
	/*
	 * A bounded queue: when the database is slow, new requests are told
	 * to come back rather than piling up with their bodies in memory.
	 */
	if (s->q_len >= SCIM_QUEUE_MAX) {
		pthread_mutex_unlock(&s->mu);
		refuse(j, 503, "server busy; retry");
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

/*
 * The drain took too long (a stuck database). Requests no worker has
 * started are answered 503 now: run after the loop ends, they would
 * commit with nobody left to answer. Those running may still commit, so
 * they get as long again before the loop ends regardless.
 */
static void
on_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct server	*s = arg;
	struct timeval	 tv = { SCIM_DRAIN_SECONDS, 0 };
	struct job	*j, *next;

	(void)fd;
	(void)what;
	if (s->gave_up) {
		log_warn("%d requests in flight and %d replies unwritten after "
		    "%d s; stopping anyway", s->inflight, s->closing,
		    2 * SCIM_DRAIN_SECONDS);
		event_base_loopexit(s->base, NULL);
		return;
	}
	s->gave_up = 1;
	j = take_queue(s);
	log_warn("%d requests in flight after %d s: answering 503 to those "
	    "not started", s->inflight, SCIM_DRAIN_SECONDS);
	for (; j != NULL; j = next) {
		next = j->next;
		refuse(j, 503, "server shutting down; retry");
	}
	evtimer_add(s->drain_timer, &tv);
}

static void
on_stop_check(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	maybe_exit(arg);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server	*s = arg;
	struct timeval	 drain = { SCIM_DRAIN_SECONDS, 0 };
	struct timeval	 check = { 0, SCIM_STOP_CHECK_MS * 1000 };

	(void)what;
	if (s->stopping)
		return;
	log_info("signal %d: no new connections, finishing %d in flight",
	    (int)sig, s->inflight);
	s->stopping = 1;
	if (s->cfg->on_stop != NULL)
		s->cfg->on_stop(s->cfg->on_stop_arg);
	scim_listen_close(s->http, s->sock);
	s->sock = NULL;
	scim_listen_close(s->plain, s->plain_sock);
	s->plain_sock = NULL;
	/* A request stuck on a dead database must not hold the exit forever. */
	s->drain_timer = evtimer_new(s->base, on_drain_timeout, s);
	evtimer_add(s->drain_timer, &drain);
	/* Output buffers drain with no callback to us: look now and then. */
	s->stop_check = event_new(s->base, -1, EV_PERSIST, on_stop_check, s);
	evtimer_add(s->stop_check, &check);
	maybe_exit(s);
}

/* The settings of a listener that serves the routes. */
static void
http_setup(struct server *s, struct evhttp *http)
{
	long	cap;

	/*
	 * libevent refuses a declared body over its cap before reading it,
	 * but with an HTML page; a small margin above ours lets a body just
	 * over --max-body get the SCIM 413 from our handler, while a
	 * connection never buffers much more than --max-body unauthenticated.
	 */
	cap = s->cfg->max_body + SCIM_BODY_MARGIN;
	evhttp_set_max_body_size(http, cap);
	evhttp_set_max_headers_size(http, 64 * 1024);
	evhttp_set_timeout(http, 60);
	/* Every method reaches the router, which answers 405 in SCIM JSON. */
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	    EVHTTP_REQ_CONNECT);
	evhttp_set_gencb(http, on_request, s);
}

/* What a scrape of /metrics reads of the server (any thread). */
static void
gauges(struct scim_metrics_gauges *g, void *arg)
{
	struct server	*s = arg;

	pthread_mutex_lock(&s->mu);
	g->queue_depth = s->q_len;
	g->queue_max = SCIM_QUEUE_MAX;
	g->workers = s->nthreads;
	g->workers_busy = s->busy;
	pthread_mutex_unlock(&s->mu);
}

/*
 * The listeners: --listen (HTTPS with a certificate), --plain-listen
 * beside it, --metrics-listen. With TLS, the plain listener is a second
 * evhttp because the TLS hook (the bevcb) is per evhttp.
 */
static int
listen_all(struct server *s)
{
	if ((s->http = scim_listen(&s->sock, s->base, s->cfg->listen)) == NULL)
		return -1;
	http_setup(s, s->http);
	if (scim_conns_init(s->base, s->cfg->max_connections,
	    s->cfg->read_timeout_s) == -1)
		return -1;
	if (s->cfg->tls_cert != NULL) {
		s->tls = scim_tls_new(s->base, s->cfg->tls_cert, s->cfg->tls_key);
		if (s->tls == NULL ||
		    scim_conns_attach(s->http, scim_tls_bev, s->tls) == -1)
			return -1;
		scim_tls_nodelay(evhttp_bound_socket_get_fd(s->sock));
	} else if (scim_conns_attach(s->http, NULL, NULL) == -1)
		return -1;
	if (s->cfg->plain_listen != NULL) {
		s->plain = scim_listen(&s->plain_sock, s->base,
		    s->cfg->plain_listen);
		if (s->plain == NULL ||
		    scim_conns_attach(s->plain, NULL, NULL) == -1)
			return -1;
		http_setup(s, s->plain);
	}
	if (s->cfg->metrics_listen != NULL) {
		s->metrics = scim_listen(&s->metrics_sock, s->base,
		    s->cfg->metrics_listen);
		if (s->metrics == NULL)
			return -1;
		evhttp_set_allowed_methods(s->metrics, EVHTTP_REQ_GET |
		    EVHTTP_REQ_HEAD);
		evhttp_set_gencb(s->metrics, scim_metrics_serve, NULL);
	}
	return 0;
}

static int
start(struct server *s)
{
	int	i;

	evthread_use_pthreads();
	s->base = event_base_new();
	if (s->base == NULL || listen_all(s) == -1)
		return -1;
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
	scim_metrics_source(gauges, s);
	log_info("scimd listening on %s (%s) with %d workers", s->cfg->listen,
	    s->tls != NULL ? "https" : "http", s->nthreads);
	if (s->plain != NULL)
		log_info("plain HTTP on %s", s->cfg->plain_listen);
	if (s->metrics != NULL)
		log_info("metrics on http://%s/metrics", s->cfg->metrics_listen);
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
		scim_metrics_source(NULL, NULL);
		pthread_mutex_lock(&s.mu);
		s.shutdown = 1;
		pthread_cond_broadcast(&s.cv);
		pthread_mutex_unlock(&s.mu);
		for (i = 0; i < s.nthreads; i++)
			pthread_join(s.threads[i], NULL);
		/*
		 * The queue is empty: the loop ends with nothing in flight, or
		 * after on_drain_timeout refused what was queued. Jobs still
		 * running then finish here, logged, their replies unsent.
		 */
		on_done(-1, 0, &s);
		free(s.threads);
		pthread_mutex_destroy(&s.mu);
		pthread_cond_destroy(&s.cv);
	}
	if (s.drain_timer)
		event_free(s.drain_timer);
	if (s.stop_check)
		event_free(s.stop_check);
	if (s.done_ev)
		event_free(s.done_ev);
	if (s.sig_term)
		event_free(s.sig_term);
	if (s.sig_int)
		event_free(s.sig_int);
	scim_listen_close(s.http, s.sock);
	scim_listen_close(s.plain, s.plain_sock);
	scim_listen_close(s.metrics, s.metrics_sock);
	if (s.http)
		evhttp_free(s.http);
	if (s.plain)
		evhttp_free(s.plain);
	if (s.metrics)
		evhttp_free(s.metrics);
	scim_tls_free(s.tls);
	scim_conns_free();
	if (s.base)
		event_base_free(s.base);
	if (rc == 0)
		log_info("scimd stopped");
	return rc;
}
