/* SPDX-License-Identifier: MIT */
/*
 * scim/http/metrics.h
 *
 * The Prometheus text exposition of GET /metrics: requests by route
 * template, method and status, latency histograms by route, the server's
 * queue and workers, and the counters domain/ and storage/ keep in
 * domain/base/stats.h. One set per process.
 */
#ifndef SCIMD_METRICS_H
#define SCIMD_METRICS_H

#include <stddef.h>

#include "scim/http/call.h"

struct evhttp_request;

/* What the server knows at the moment of a scrape. */
struct scim_metrics_gauges {
	int	queue_depth;	/* requests waiting for a worker */
	int	queue_max;
	int	workers;
	int	workers_busy;
};

/*
 * Where scrapes read the gauges: fn fills them (from any thread). The
 * server sets it when it starts and clears it (fn NULL) before it stops.
 */
void	scim_metrics_source(void (*fn)(struct scim_metrics_gauges *, void *),
	    void *arg);

/*
 * Counts one answered request. route is the route template (a static
 * string of the route table) or NULL when no route matched; method is
 * "GET", ...; seconds is the time from receipt to the answer.
 */
void	scim_metrics_request(const char *route, const char *method, int status,
	    double seconds);

/* The exposition, malloc'ed (the caller frees it), its length in *len. */
char	*scim_metrics_render(size_t *len);

/* The route table's GET /metrics (behind an operator token). */
int	scim_metrics_get(struct scim_call *, struct err *);

/*
 * An evhttp callback for the --metrics-listen socket: GET /metrics, no
 * credential; anything else is 404 or 405.
 */
void	scim_metrics_serve(struct evhttp_request *r, void *arg);

#endif
