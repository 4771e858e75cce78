/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_events.c
 *
 * The pull feed, GET /admin/v1/orgs/{org}/events: an org's events in
 * order, resumable from a cursor, with a long-poll form. Not for webhook
 * endpoints (scim/admin/admin_webhooks.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/base/arena.h"
#include "domain/outbox.h"
#include "scim/admin/admin.h"
#include "scim/http/request.h"
#include "scim/http/http.h"

#define EVENTS_DEFAULT_LIMIT	100

/*
 * Long-polls in progress in this process. A waiting request holds its
 * worker (and that worker's connection) for up to the wait, so at most
 * half of the workers may wait; a request beyond that is answered at once
 * as if wait were 0. The one piece of mutable state outside main.c: a
 * counter, not worth a root object.
 */
static atomic_int	waiting;

/* A number query parameter in [min, max], or dflt when absent. */
static int
number(long long *out, struct scim_call *call, const char *name,
    long long min, long long max, long long dflt, struct err *err)
{
	const char	*v = scim_query_param(call->req, name);
	char		*end;

	*out = dflt;
	if (v == NULL)
		return 0;
	errno = 0;
	*out = strtoll(v, &end, 10);
	/* wait=30s reads as 30 */
	if (strcmp(name, "wait") == 0 && end != v && *end == 's')
		end++;
	if (errno != 0 || end == v || *end != '\0' || *out < min || *out > max)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invalid %s \"%.20s\": expected %lld to %lld", name, v,
		    min, max);
	return 0;
}

/* Appends s (n bytes) to the malloc'ed buffer *buf of length *len. */
static void
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/*
 * {"events":[...],"next":N}: the bodies are storage's JSON text as is, so
 * the feed and the webhooks send the same document.
 */
static void
render(struct scim_call *call, const struct event_row *rows, size_t n,
    long long after)
{
	char	*buf = NULL, next[48];
	size_t	 len = 0, cap = 0, i;

	append(&buf, &len, &cap, "{\"events\":[", 11);
	for (i = 0; i < n; i++) {
		if (i > 0)
			append(&buf, &len, &cap, ",", 1);
		append(&buf, &len, &cap, rows[i].body, strlen(rows[i].body));
	}
	snprintf(next, sizeof(next), "],\"next\":%lld}",
	    n > 0 ? rows[n - 1].seq : after);
	append(&buf, &len, &cap, next, strlen(next));
	free(call->resp->body);
	call->resp->status = 200;
	call->resp->body = buf;
	call->resp->body_len = len;
	scim_resp_header(call->resp, &call->req->arena, "Content-Type",
	    "application/json");
}

int
scim_admin_events(struct scim_call *call, struct err *err)
{
	struct event_row	*rows;
	long long		 after, limit, wait;
	size_t			 n;
	int			 rc, cap, slot = 0;

	if (number(&after, call, "after", 0, LLONG_MAX, 0, err) == -1 ||
	    number(&limit, call, "limit", 1, DOM_EVENTS_MAX_LIMIT,
	    EVENTS_DEFAULT_LIMIT, err) == -1 ||
	    number(&wait, call, "wait", 0, DOM_EVENTS_MAX_WAIT_MS / 1000, 0,
	    err) == -1)
		return -1;
	cap = call->cfg->workers / 2;
	if (wait > 0 && atomic_fetch_add(&waiting, 1) < cap)
		slot = 1;
	else if (wait > 0)
		atomic_fetch_sub(&waiting, 1);
	rc = dom_events_feed(&rows, &n, call->conn, &call->req->arena,
	    call->org, after, limit, slot ? (int)wait * 1000 : 0, err);
	if (slot)
		atomic_fetch_sub(&waiting, 1);
	if (rc == -1)
		return -1;
	render(call, rows, n, after);
	return 0;
}
