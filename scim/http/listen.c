/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.c
 *
 * The listening socket, owned here rather than by evhttp, so that running
 * out of descriptors pauses accepting instead of spinning: libevent keeps
 * a listener whose accept() fails with EMFILE readable, and without an
 * error callback it retries and logs a warning on every loop turn.
 */
#include "scim/http/listen.h"

#include <errno.h>
#include <string.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "domain/base/log.h"

/* How long accepting pauses when no descriptor is free. */
#define SCIM_ACCEPT_PAUSE_MS	100

/*
 * evhttp owns the listener's callback argument, so the error callback
 * finds its state here: one listener per process.
 */
static struct {
	struct evconnlistener	*lev;
	struct event		*resume;
	unsigned long		 paused;	/* pauses since the last log */
} acc;

static void
on_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (acc.lev != NULL)
		evconnlistener_enable(acc.lev);
}

static void
on_accept_error(struct evconnlistener *lev, void *arg)
{
	struct timeval	tv = { 0, SCIM_ACCEPT_PAUSE_MS * 1000 };
	int		e = EVUTIL_SOCKET_ERROR();

	(void)arg;
	evconnlistener_disable(lev);
	/* One line per episode, not one per attempt. */
	if (acc.paused++ == 0)
		log_warn("accept failed (%s); pausing new connections for "
		    "%d ms at a time until a descriptor is free",
		    evutil_socket_error_to_string(e), SCIM_ACCEPT_PAUSE_MS);
	evtimer_add(acc.resume, &tv);
}

/* Notes the end of an episode once a connection is accepted again. */
void
scim_listen_accepted(void)
{
	if (acc.paused > 0) {
		log_info("accepting again after %lu pauses", acc.paused);
		acc.paused = 0;
	}
}

struct evhttp_bound_socket *
scim_listen_open(struct event_base *base, struct evhttp *http,
    const char *host, int port)
{
	struct evutil_addrinfo	 hints, *ai = NULL;
	struct evhttp_bound_socket *bound;
	char			 service[16];

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_PASSIVE | EVUTIL_AI_ADDRCONFIG;
	evutil_snprintf(service, sizeof(service), "%d", port);
	if (evutil_getaddrinfo(host, service, &hints, &ai) != 0 || ai == NULL)
		return NULL;
	acc.lev = evconnlistener_new_bind(base, NULL, NULL,
	    LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
	    -1, ai->ai_addr, (int)ai->ai_addrlen);
	evutil_freeaddrinfo(ai);
	if (acc.lev == NULL)
		return NULL;
	acc.resume = evtimer_new(base, on_resume, NULL);
	bound = evhttp_bind_listener(http, acc.lev);
	if (bound == NULL || acc.resume == NULL) {
		scim_listen_close(http, bound);
		return NULL;
	}
	evconnlistener_set_error_cb(acc.lev, on_accept_error);
	return bound;
}

/* Stops accepting; the listener is freed with its bound socket. */
void
scim_listen_close(struct evhttp *http, struct evhttp_bound_socket *bound)
{
	if (bound != NULL)
		evhttp_del_accept_socket(http, bound);
	else if (acc.lev != NULL)
		evconnlistener_free(acc.lev);
	acc.lev = NULL;
	if (acc.resume != NULL)
		event_free(acc.resume);
	acc.resume = NULL;
}
