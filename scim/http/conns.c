/* SPDX-License-Identifier: MIT */
/*
 * scim/http/conns.c
 *
 * Connection cap and request deadlines on top of evhttp (libevent 2.1),
 * which has neither and tells its user nothing about a connection until a
 * whole request has arrived. The hook is the bufferevent callback: each
 * connection's bufferevent is made here, and we keep a reference to it.
 * Its input buffer's callback counts the bytes received; a sweep every
 * SCIM_CONN_SWEEP_MS cuts the connections past their deadline and lets
 * go of those evhttp has freed (their callbacks are cleared then). A cut
 * shuts the socket down, so evhttp sees end-of-file and frees the
 * connection itself: nothing here frees what evhttp owns.
 */
#include "scim/http/conns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>

#include "domain/base/arena.h"
#include "domain/base/log.h"

#define SCIM_CONN_SWEEP_MS	250

struct conn {
	struct conn		*next;
	struct conn		**prevp;
	struct bufferevent	*bev;		/* our reference */
	struct timespec		 since;		/* first byte of the request */
	size_t			 bytes;		/* received since then */
	int			 started;	/* a request has begun arriving */
	int			 busy;
	int			 over;		/* over the cap: to refuse */
	int			 cut;
	int			 tls;		/* no plain-text 503 on it */
};

/* The listeners (evhttps) whose connections are made and tracked here. */
#define SCIM_CONNS_HTTP_MAX	2

struct attach {
	struct bufferevent	*(*make)(struct event_base *, void *);
	void			*arg;
};

static struct attach	attached[SCIM_CONNS_HTTP_MAX];
static int		nattached;

/* evhttp's callback argument is not ours to extend: one server a process. */
static struct {
	struct event	*sweep;
	struct conn	*head;
	int		 n;
	int		 max;
	int		 timeout_s;
	unsigned long	 refused;	/* since the last log line */
} cs;

static long
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (long)(b->tv_sec - a->tv_sec) * 1000 +
	    (long)(b->tv_nsec - a->tv_nsec) / 1000000;
}

static void
on_input(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn	*c = arg;

	(void)buf;
	if (info->n_added == 0)
		return;
	/*
	 * The clock starts with a request's first byte: an idle keep-alive
	 * connection is evhttp's to time out, and a client reusing it must
	 * not find it closed under it after a few seconds.
	 */
	if (!c->started && !c->busy) {
		c->started = 1;
		clock_gettime(CLOCK_MONOTONIC, &c->since);
	}
	c->bytes += info->n_added;
}

static struct bufferevent *
on_new_bev(struct event_base *base, void *arg)
{
	struct attach		*t = arg;
	struct bufferevent	*bev;
	struct conn		*c;

	bev = t->make != NULL ? t->make(base, t->arg) :
	    bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->bev = bev;
	c->tls = t->make != NULL;
	bufferevent_incref(bev);
	evbuffer_add_cb(bufferevent_get_input(bev), on_input, c);
	c->next = cs.head;
	if (cs.head != NULL)
		cs.head->prevp = &c->next;
	c->prevp = &cs.head;
	cs.head = c;
	if (++cs.n > cs.max) {
		/* evhttp sets the socket after this returns: refuse next turn. */
		c->over = 1;
		event_active(cs.sweep, EV_TIMEOUT, 0);
	}
	return bev;
}

/* Whether evhttp has freed the connection (bufferevent_free clears these). */
static int
released(const struct conn *c)
{
	bufferevent_event_cb	 ecb;
	void			*arg;

	bufferevent_getcb(c->bev, NULL, NULL, &ecb, &arg);
	return ecb == NULL && arg == NULL;
}

static void
drop(struct conn *c)
{
	*c->prevp = c->next;
	if (c->next != NULL)
		c->next->prevp = c->prevp;
	cs.n--;
	evbuffer_remove_cb(bufferevent_get_input(c->bev), on_input, c);
	/* The last reference: the socket closes here. */
	bufferevent_decref(c->bev);
	free(c);
}

static void
cut(struct conn *c)
{
	evutil_socket_t	fd = bufferevent_getfd(c->bev);

	c->cut = 1;
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
}

/*
 * A SCIM error written straight to the socket: evhttp has read nothing
 * yet and the connection is closed right after, so there is no request
 * to answer through it.
 */
static void
refuse(struct conn *c)
{
	char		body[256], msg[512];
	evutil_socket_t	fd = bufferevent_getfd(c->bev);
	int		n, m;

	if (cs.refused++ == 0)
		log_warn("%d connections open: refusing new ones "
		    "(--max-connections %d)", cs.n - 1, cs.max);
	n = snprintf(body, sizeof(body), "{\"schemas\":[\"urn:ietf:params:"
	    "scim:api:messages:2.0:Error\"],\"status\":\"503\",\"detail\":"
	    "\"too many connections: the server's limit "
	    "(--max-connections %d) is reached; retry\"}", cs.max);
	m = snprintf(msg, sizeof(msg), "HTTP/1.1 503 Service Unavailable\r\n"
	    "Content-Type: application/scim+json\r\nRetry-After: 1\r\n"
	    "Connection: close\r\nContent-Length: %d\r\n\r\n%s", n, body);
	/* On TLS nothing can be said before the handshake: just close. */
	if (fd >= 0 && !c->tls)
		(void)!write(fd, msg, (size_t)m);
	cut(c);
}

static void
on_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct conn	*c, *next;
	struct timespec	 now;
	long		 allowed;

	(void)fd;
	(void)what;
	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (c = cs.head; c != NULL; c = next) {
		next = c->next;
		if (released(c)) {
			drop(c);
			continue;
		}
		if (c->over && !c->cut) {
			refuse(c);
			continue;
		}
		if (c->cut || c->busy || !c->started)
			continue;
		allowed = (long)cs.timeout_s * 1000 +
		    (long)(c->bytes * 1000 / SCIM_CONN_MIN_RATE);
		if (ms_between(&c->since, &now) > allowed)
			cut(c);
	}
	if (cs.refused > 0 && cs.n < cs.max) {
		log_info("accepting connections again after %lu refused",
		    cs.refused);
		cs.refused = 0;
	}
}

int
scim_conns_init(struct event_base *base, int max, int timeout_s)
{
	struct timeval	tv = { 0, SCIM_CONN_SWEEP_MS * 1000 };

	memset(&cs, 0, sizeof(cs));
	nattached = 0;
	cs.max = max;
	cs.timeout_s = timeout_s;
	cs.sweep = event_new(base, -1, EV_PERSIST, on_sweep, NULL);
	if (cs.sweep == NULL || event_add(cs.sweep, &tv) == -1)
		return -1;
	return 0;
}

int
scim_conns_attach(struct evhttp *http,
    struct bufferevent *(*make)(struct event_base *, void *), void *arg)
{
	struct attach	*t;

	if (nattached == SCIM_CONNS_HTTP_MAX)
		return -1;
	t = &attached[nattached++];
	t->make = make;
	t->arg = arg;
	evhttp_set_bevcb(http, on_new_bev, t);
	return 0;
}

/* Linear, but over at most --max-connections entries, once a request. */
static void
set_busy(struct bufferevent *bev, int busy)
{
	struct conn	*c;

	for (c = cs.head; c != NULL; c = c->next) {
		if (c->bev != bev)
			continue;
		c->busy = busy;
		c->started = 0;
		c->bytes = 0;
		return;
	}
}

void
scim_conns_request(struct evhttp_request *r)
{
	set_busy(evhttp_connection_get_bufferevent(
	    evhttp_request_get_connection(r)), 1);
}

/* The reply is written: the next request's clock starts with its first byte. */
static void
on_sent(struct evhttp_request *r, void *arg)
{
	(void)r;
	set_busy(arg, 0);
}

void
scim_conns_reply(struct evhttp_request *r)
{
	/* Still ours: the reference keeps the address from being reused. */
	evhttp_request_set_on_complete_cb(r, on_sent,
	    evhttp_connection_get_bufferevent(evhttp_request_get_connection(r)));
}

int
scim_conns_unfinished(void)
{
	struct conn	*c;
	int		 n = 0;

	for (c = cs.head; c != NULL; c = c->next) {
		if (c->cut || released(c))
			continue;
		if (evbuffer_get_length(bufferevent_get_output(c->bev)) > 0 ||
		    (c->started && !c->busy))
			n++;
	}
	return n;
}

void
scim_conns_free(void)
{
	while (cs.head != NULL)
		drop(cs.head);
	if (cs.sweep != NULL)
		event_free(cs.sweep);
	cs.sweep = NULL;
}
