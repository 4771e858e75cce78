/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.c
 *
 * The listeners (the main one, the plain one beside TLS, the metrics
 * one), each from a HOST:PORT string. Their sockets are owned here rather
 * than by evhttp, so that running out of descriptors pauses accepting
 * instead of spinning: libevent keeps a listener whose accept() fails
 * with EMFILE readable, and without an error callback it retries and
 * logs a warning on every loop turn.
 */
#include "scim/http/listen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "domain/base/log.h"

/* How long accepting pauses when no descriptor is free. */
#define SCIM_ACCEPT_PAUSE_MS	100
/* Listeners of one process: main, plain and metrics. */
#define SCIM_LISTENERS_MAX	4

/*
 * evhttp owns each listener's callback argument, so the error callback
 * finds its state here, by listener.
 */
struct acc {
	struct evconnlistener	*lev;
	struct event		*resume;
	unsigned long		 paused;	/* pauses since the last log */
};

static struct acc	accs[SCIM_LISTENERS_MAX];

static struct acc *
acc_of(const struct evconnlistener *lev)
{
	int	i;

	for (i = 0; i < SCIM_LISTENERS_MAX; i++)
		if (accs[i].lev == lev)
			return &accs[i];
	return NULL;
}

static void
on_resume(evutil_socket_t fd, short what, void *arg)
{
	struct acc	*a = arg;

	(void)fd;
	(void)what;
	if (a->lev != NULL)
		evconnlistener_enable(a->lev);
}

static void
on_accept_error(struct evconnlistener *lev, void *arg)
{
	struct timeval	 tv = { 0, SCIM_ACCEPT_PAUSE_MS * 1000 };
	struct acc	*a = acc_of(lev);
	int		 e = EVUTIL_SOCKET_ERROR();

	(void)arg;
	if (a == NULL)
		return;
	evconnlistener_disable(lev);
	/* One line per episode, not one per attempt. */
	if (a->paused++ == 0)
		log_warn("accept failed (%s); pausing new connections for "
		    "%d ms at a time until a descriptor is free",
		    evutil_socket_error_to_string(e), SCIM_ACCEPT_PAUSE_MS);
	evtimer_add(a->resume, &tv);
}

void
scim_listen_accepted(void)
{
	int	i;

	for (i = 0; i < SCIM_LISTENERS_MAX; i++)
		if (accs[i].paused > 0) {
			log_info("accepting again after %lu pauses",
			    accs[i].paused);
			accs[i].paused = 0;
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

/* Binds host:port for http through a listener that pauses on EMFILE. */
static struct evhttp_bound_socket *
bind_paused(struct event_base *base, struct evhttp *http, const char *host,
    int port)
{
	struct evutil_addrinfo	 hints, *ai = NULL;
	struct evhttp_bound_socket *bound;
	struct acc		*a = acc_of(NULL);
	char			 service[16];

	if (a == NULL)
		return NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_PASSIVE | EVUTIL_AI_ADDRCONFIG;
	evutil_snprintf(service, sizeof(service), "%d", port);
	if (evutil_getaddrinfo(host, service, &hints, &ai) != 0 || ai == NULL)
		return NULL;
	a->lev = evconnlistener_new_bind(base, NULL, NULL,
	    LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
	    -1, ai->ai_addr, (int)ai->ai_addrlen);
	evutil_freeaddrinfo(ai);
	if (a->lev == NULL)
		return NULL;
	a->resume = evtimer_new(base, on_resume, a);
	bound = evhttp_bind_listener(http, a->lev);
	if (bound == NULL || a->resume == NULL) {
		if (bound != NULL)
			evhttp_del_accept_socket(http, bound);	/* frees lev */
		else
			evconnlistener_free(a->lev);
		if (a->resume != NULL)
			event_free(a->resume);
		memset(a, 0, sizeof(*a));
		return NULL;
	}
	evconnlistener_set_error_cb(a->lev, on_accept_error);
	return bound;
}

struct evhttp *
scim_listen(struct evhttp_bound_socket **sock, struct event_base *base,
    const char *listen)
{
	struct evhttp	*http;
	char		 host[256];
	int		 port;

	if (split_listen(host, sizeof(host), &port, listen) == -1) {
		log_error("invalid listen address \"%s\" (expected HOST:PORT)",
		    listen);
		return NULL;
	}
	if ((http = evhttp_new(base)) == NULL)
		return NULL;
	*sock = bind_paused(base, http, host, port);
	if (*sock == NULL) {
		log_error("cannot listen on %s", listen);
		evhttp_free(http);
		return NULL;
	}
	return http;
}

void
scim_listen_close(struct evhttp *http, struct evhttp_bound_socket *bound)
{
	struct acc	*a;

	if (http == NULL || bound == NULL)
		return;
	a = acc_of(evhttp_bound_socket_get_listener(bound));
	/* The listener is freed with its bound socket. */
	evhttp_del_accept_socket(http, bound);
	if (a == NULL)
		return;
	a->lev = NULL;
	if (a->resume != NULL)
		event_free(a->resume);
	a->resume = NULL;
	a->paused = 0;
}
