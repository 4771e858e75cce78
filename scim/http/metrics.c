/* SPDX-License-Identifier: MIT */
/*
 * scim/http/metrics.c
 *
 * The request counters and histograms behind GET /metrics, and their
 * rendering in the Prometheus text format (version 0.0.4). Requests are
 * counted on the I/O thread and scraped from a worker (the main port) or
 * the I/O thread (--metrics-listen), so one mutex guards the series; the
 * domain counters are atomics of their own (domain/base/stats.h).
 */
#include "scim/http/metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "domain/base/stats.h"

#ifndef SCIMD_VERSION
#define SCIMD_VERSION	"unknown"
#endif

/* Series beyond these are not recorded (the route table is far smaller). */
#define METRICS_MAX_SERIES	1024
#define METRICS_MAX_ROUTES	128

static const double	buckets[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
	0.5, 1, 2.5, 5, 10 };
#define NBUCKETS	(sizeof(buckets) / sizeof(buckets[0]))

struct series {
	const char		*route;
	const char		*method;
	int			 status;
	unsigned long long	 count;
};

struct histogram {
	const char		*route;
	unsigned long long	 le[NBUCKETS];	/* cumulative at render */
	unsigned long long	 count;
	double			 sum;
};

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static struct series	 series[METRICS_MAX_SERIES];
static size_t		 nseries;
static struct histogram	 hists[METRICS_MAX_ROUTES];
static size_t		 nhists;
static void		(*source_fn)(struct scim_metrics_gauges *, void *);
static void		*source_arg;

void
scim_metrics_source(void (*fn)(struct scim_metrics_gauges *, void *),
    void *arg)
{
	pthread_mutex_lock(&mu);
	source_fn = fn;
	source_arg = arg;
	pthread_mutex_unlock(&mu);
}

static struct series *
series_of(const char *route, const char *method, int status)
{
	size_t	i;

	for (i = 0; i < nseries; i++)
		if (series[i].status == status &&
		    strcmp(series[i].route, route) == 0 &&
		    strcmp(series[i].method, method) == 0)
			return &series[i];
	if (nseries == METRICS_MAX_SERIES)
		return NULL;
	series[nseries].route = route;
	series[nseries].method = method;
	series[nseries].status = status;
	return &series[nseries++];
}

static struct histogram *
hist_of(const char *route)
{
	size_t	i;

	for (i = 0; i < nhists; i++)
		if (strcmp(hists[i].route, route) == 0)
			return &hists[i];
	if (nhists == METRICS_MAX_ROUTES)
		return NULL;
	hists[nhists].route = route;
	return &hists[nhists++];
}

void
scim_metrics_request(const char *route, const char *method, int status,
    double seconds)
{
	struct series		*s;
	struct histogram	*h;
	size_t			 b;

	if (route == NULL)
		route = "unmatched";
	pthread_mutex_lock(&mu);
	if ((s = series_of(route, method, status)) != NULL)
		s->count++;
	if ((h = hist_of(route)) != NULL) {
		/* Per bucket here; made cumulative when rendered. */
		for (b = 0; b < NBUCKETS && seconds > buckets[b]; b++)
			;
		if (b < NBUCKETS)
			h->le[b]++;
		h->count++;
		h->sum += seconds;
	}
	pthread_mutex_unlock(&mu);
}

/* A label value: backslash, double quote and newline escaped. */
static void
label(FILE *f, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

static void
family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
one(FILE *f, const char *name, const char *type, const char *help,
    long long v)
{
	family(f, name, type, help);
	fprintf(f, "%s %lld\n", name, v);
}

/* Requests and latencies; called with mu held. */
static void
render_http(FILE *f)
{
	unsigned long long	cum;
	size_t			i, b;

	family(f, "scimd_http_requests_total", "counter",
	    "HTTP requests answered, by route template, method and status.");
	for (i = 0; i < nseries; i++) {
		fputs("scimd_http_requests_total{route=\"", f);
		label(f, series[i].route);
		fprintf(f, "\",method=\"%s\",code=\"%d\"} %llu\n",
		    series[i].method, series[i].status, series[i].count);
	}
	family(f, "scimd_http_request_duration_seconds", "histogram",
	    "Time from receiving a request to answering it, by route template.");
	for (i = 0; i < nhists; i++) {
		for (cum = 0, b = 0; b <= NBUCKETS; b++) {
			fputs("scimd_http_request_duration_seconds_bucket{route=\"",
			    f);
			label(f, hists[i].route);
			if (b < NBUCKETS) {
				cum += hists[i].le[b];
				fprintf(f, "\",le=\"%g\"} %llu\n", buckets[b], cum);
			} else {
				fprintf(f, "\",le=\"+Inf\"} %llu\n", hists[i].count);
			}
		}
		fputs("scimd_http_request_duration_seconds_sum{route=\"", f);
		label(f, hists[i].route);
		fprintf(f, "\"} %.6f\n", hists[i].sum);
		fputs("scimd_http_request_duration_seconds_count{route=\"", f);
		label(f, hists[i].route);
		fprintf(f, "\"} %llu\n", hists[i].count);
	}
}

static void
render_server(FILE *f, const struct scim_metrics_gauges *g)
{
	long long	up = stats_get(STAT_DB_UP);

	one(f, "scimd_queue_depth", "gauge",
	    "Requests waiting for a database worker.", g->queue_depth);
	one(f, "scimd_queue_capacity", "gauge",
	    "Requests that may wait before new ones get 503.", g->queue_max);
	one(f, "scimd_workers", "gauge", "Database workers.", g->workers);
	one(f, "scimd_workers_busy", "gauge",
	    "Database workers running a request.", g->workers_busy);
	family(f, "scimd_db_connections", "gauge",
	    "Workers' database connections by state.");
	fprintf(f, "scimd_db_connections{state=\"open\"} %lld\n", up);
	fprintf(f, "scimd_db_connections{state=\"closed\"} %lld\n",
	    g->workers > up ? g->workers - up : 0);
	one(f, "scimd_db_connects_total", "counter",
	    "Database connections opened.", stats_get(STAT_DB_CONNECTS));
	one(f, "scimd_db_reconnects_total", "counter",
	    "Database connections opened again after one was lost.",
	    stats_get(STAT_DB_RECONNECTS));
	one(f, "scimd_db_connect_failures_total", "counter",
	    "Database connection attempts that failed.",
	    stats_get(STAT_DB_CONNECT_FAILURES));
}

static void
render_domain(FILE *f)
{
	int	i;

	family(f, "scimd_guard_refusals_total", "counter",
	    "Changes refused by a membership guard, by guard.");
	for (i = 0; i < STAT_GUARD_COUNT_; i++)
		fprintf(f, "scimd_guard_refusals_total{guard=\"%s\"} %lld\n",
		    stats_guard_name((enum stat_id)i),
		    (long long)stats_get((enum stat_id)i));
	one(f, "scimd_rate_limit_refusals_total", "counter",
	    "Removals refused by the removal rate limit.",
	    stats_get(STAT_RATE_LIMITED));
	one(f, "scimd_member_removals_total", "counter",
	    "Members removed.", stats_get(STAT_REMOVALS));
	one(f, "scimd_member_deactivations_total", "counter",
	    "Members deactivated.", stats_get(STAT_DEACTIVATIONS));
	one(f, "scimd_member_reactivations_total", "counter",
	    "Members reactivated.", stats_get(STAT_REACTIVATIONS));
	one(f, "scimd_audit_events_written_total", "counter",
	    "Audit events written (committed).", stats_get(STAT_AUDIT_WRITTEN));
	one(f, "scimd_webhook_endpoints_failing", "gauge",
	    "Webhook endpoints marked failing (5 failed attempts in a row).",
	    stats_get(STAT_WEBHOOK_FAILING));
	one(f, "scimd_webhook_deliveries_pending", "gauge",
	    "Webhook deliveries not yet delivered.",
	    stats_get(STAT_WEBHOOK_PENDING));
	family(f, "scimd_build_info", "gauge", "The scimd build; always 1.");
	fprintf(f, "scimd_build_info{version=\"%s\"} 1\n", SCIMD_VERSION);
}

char *
scim_metrics_render(size_t *len)
{
	struct scim_metrics_gauges	 g = { 0 };
	char				*buf = NULL;
	FILE				*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	pthread_mutex_lock(&mu);
	if (source_fn != NULL)
		source_fn(&g, source_arg);
	render_http(f);
	pthread_mutex_unlock(&mu);
	render_server(f, &g);
	render_domain(f);
	if (fclose(f) != 0)
		abort();
	return buf;
}

#define METRICS_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

int
scim_metrics_get(struct scim_call *c, struct err *err)
{
	(void)err;
	c->resp->status = 200;
	c->resp->body = scim_metrics_render(&c->resp->body_len);
	scim_resp_header(c->resp, &c->req->arena, "Content-Type",
	    METRICS_CONTENT_TYPE);
	return 0;
}

void
scim_metrics_serve(struct evhttp_request *r, void *arg)
{
	const char	*path = evhttp_request_get_uri(r);
	struct evbuffer	*buf;
	char		*text;
	size_t		 n;

	(void)arg;
	if (strcmp(path, "/metrics") != 0 &&
	    strncmp(path, "/metrics?", 9) != 0) {
		evhttp_send_error(r, 404, NULL);
		return;
	}
	if (evhttp_request_get_command(r) != EVHTTP_REQ_GET) {
		evhttp_add_header(evhttp_request_get_output_headers(r), "Allow",
		    "GET");
		evhttp_send_error(r, 405, NULL);
		return;
	}
	text = scim_metrics_render(&n);
	buf = evbuffer_new();
	evbuffer_add(buf, text, n);
	evhttp_add_header(evhttp_request_get_output_headers(r), "Content-Type",
	    METRICS_CONTENT_TYPE);
	evhttp_send_reply(r, 200, "OK", buf);
	evbuffer_free(buf);
	free(text);
}
