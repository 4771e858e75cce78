/* SPDX-License-Identifier: MIT */
/*
 * scim/http/listen.c
 *
 * A listening evhttp from a HOST:PORT string: the main listener, the plain
 * one beside TLS and the metrics one are all made here.
 */
#include "scim/http/listen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "domain/base/log.h"

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
	*sock = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
	if (*sock == NULL) {
		log_error("cannot listen on %s", listen);
		evhttp_free(http);
		return NULL;
	}
	return http;
}

