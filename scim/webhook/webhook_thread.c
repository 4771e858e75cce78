/* SPDX-License-Identifier: MIT */
/*
 * scim/webhook/webhook_thread.c
 *
 * The delivery thread: a timer that runs the sequencer and claims due
 * deliveries, retention once an hour, and the start and stop of the
 * thread. Sending one delivery is scim/webhook/webhook_send.c.
 */
#include "scim/webhook/webhook.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/thread.h>

#include "domain/base/log.h"
#include "domain/base/stats.h"
#include "scim/webhook/webhook_int.h"

#define TICK_MS			100	/* sequencer, and claim when idle */
#define MAX_INFLIGHT_ENDPOINT	8	/* per endpoint, all instances */
#define MAX_INFLIGHT		64	/* per instance */
#define PRUNE_EVERY_MS		(3600 * 1000LL)
#define GAUGES_EVERY_MS		1000	/* refresh of the /metrics gauges */
#define STARVED_PAUSE_MS	1000	/* no claims after a local failure */
#define STOP_GRACE_MS		(WEBHOOK_TIMEOUT_S * 1000 + 1000)

static void
prune(struct scim_webhooks *w)
{
	struct err	err = { 0 };
	long long	n = 0;

	w->next_prune_ms = wh_now_ms() + PRUNE_EVERY_MS;
	if (dom_webhook_prune(&n, w->conn, w->cfg.retention_days, &err) == -1)
		log_warn("event retention: %s", err.detail);
	else if (n > 0)
		log_info("event retention: %lld event(s) older than %d days "
		    "deleted", n, w->cfg.retention_days);
}

/*
 * Copies the failing endpoints and waiting deliveries into the stats
 * gauges, so a scrape of /metrics does no I/O. Every instance counts the
 * whole database: the gauges are the same on each.
 */
static void
gauges(struct scim_webhooks *w)
{
	struct err	err = { 0 };
	long long	failing, pending;

	w->next_gauges_ms = wh_now_ms() + GAUGES_EVERY_MS;
	if (dom_webhook_gauges(&failing, &pending, w->conn, &err) == -1) {
		log_warn("webhook gauges: %s", err.detail);
		return;
	}
	stats_set(STAT_WEBHOOK_FAILING, failing);
	stats_set(STAT_WEBHOOK_PENDING, pending);
}

/*
 * The leases of the sends not yet ended, at most w->inflight of them, in
 * *l (freed by the caller); returns how many.
 */
static size_t
open_leases(struct webhook_lease **l, const struct scim_webhooks *w)
{
	const struct wh_send	*s;
	size_t			 n = 0;

	*l = xcalloc((size_t)w->inflight + 1, sizeof(**l));
	for (s = w->sending; s != NULL; s = s->next)
		if (!s->done && n < (size_t)w->inflight) {
			(*l)[n].delivery_id = s->job.delivery_id;
			(*l)[n++].attempt = s->job.attempt;
		}
	return n;
}

/*
 * Renews the leases of the sends in flight once the last renewal is
 * `slack_ms` short of due: the tick renews them on time, and a claim a
 * little early, so that one late after a slow statement (retention, say)
 * cannot take back this instance's own sends. A failed renewal is tried
 * again half a second later, logged once; a lease lost meanwhile means
 * one more send.
 */
static void
keep_leases(struct scim_webhooks *w, long long slack_ms)
{
	struct webhook_lease	*l;
	struct err		 err = { 0 };
	size_t			 n;

	if (w->conn == NULL || w->inflight == 0 ||
	    wh_now_ms() < w->next_renew_ms - slack_ms)
		return;
	n = open_leases(&l, w);
	if (dom_webhook_renew(w->conn, l, n, &err) == -1) {
		if (!w->renew_failing)
			log_warn("webhooks: cannot renew %zu lease(s): %s", n,
			    err.detail);
		w->renew_failing = 1;
		w->next_renew_ms = wh_now_ms() + DOM_WEBHOOK_RENEW_MS / 4;
	} else {
		w->renew_failing = 0;
		w->next_renew_ms = wh_now_ms() + DOM_WEBHOOK_RENEW_MS;
	}
	free(l);
}

/* Claims what is due, as far as the in-flight bounds allow, and sends it. */
static void
claim(struct scim_webhooks *w)
{
	struct webhook_job	*jobs;
	struct arena		 a = { 0 };
	struct err		 err = { 0 };
	size_t			 i, n = 0;

	if (w->conn == NULL || w->stopping || w->inflight >= MAX_INFLIGHT ||
	    wh_now_ms() < w->claim_after_ms)
		return;
	keep_leases(w, DOM_WEBHOOK_RENEW_MS / 2);
	if (dom_webhook_claim(&jobs, &n, w->conn, &a, MAX_INFLIGHT_ENDPOINT,
	    MAX_INFLIGHT - w->inflight, &err) == -1) {
		log_warn("webhook claim: %s", err.detail);
		n = 0;
	}
	/* Their leases were just taken: the first renewal is due later. */
	if (w->inflight == 0)
		w->next_renew_ms = wh_now_ms() + DOM_WEBHOOK_RENEW_MS;
	for (i = 0; i < n; i++)
		wh_send_start(w, &jobs[i]);
	arena_free(&a);
}

/*
 * Sequences what committed since the last tick, then claims. A database
 * failure only waits for the next tick (the connection reconnects by
 * itself). The timer is armed again from now, after the work: a tick is
 * never brought forward, so sends ending at any rate cannot push it away.
 */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct scim_webhooks	*w = arg;
	struct timeval		 tv = { 0, TICK_MS * 1000 };
	struct err		 err = { 0 };

	(void)fd;
	(void)what;
	keep_leases(w, 0);
	if (w->conn != NULL && !w->stopping) {
		/* Deliveries already fanned out still go when this fails. */
		if (dom_webhook_sequence(w->conn, &err) == -1) {
			if (!w->seq_failing)
				log_warn("webhook sequencing: %s", err.detail);
			w->seq_failing = 1;
		} else
			w->seq_failing = 0;
		if (wh_now_ms() >= w->next_prune_ms)
			prune(w);
		if (wh_now_ms() >= w->next_gauges_ms)
			gauges(w);
		claim(w);
	}
	evtimer_add(w->tick, &tv);
}

/*
 * Gives back the deliveries whose attempt failed here (webhook_send.c): not
 * counted, no backoff, due again at once for whichever instance can send
 * them, while this one pauses its claims. Logged once per episode: at the
 * descriptor limit, one line a second would be too many.
 */
static void
give_back(struct scim_webhooks *w, const struct webhook_lease *l, size_t n)
{
	struct err	err = { 0 };

	if (n == 0) {
		/* A send that had its socket before the shortage ends well too. */
		if (w->starved && !wh_sockets_exhausted()) {
			log_info("webhooks: sockets can be opened again; "
			    "claiming deliveries");
			w->starved = 0;
		}
		return;
	}
	w->claim_after_ms = wh_now_ms() + STARVED_PAUSE_MS;
	if (!w->starved)
		log_warn("webhooks: cannot open a socket: %zu delivery(ies) "
		    "given back, claims paused", n);
	w->starved = 1;
	if (w->conn == NULL || dom_webhook_release(w->conn, l, n, &err) == -1)
		log_warn("webhooks: cannot give back %zu delivery(ies): %s", n,
		    w->conn == NULL ? "no database connection" : err.detail);
}

/*
 * Records every attempt that ended since the last call, in one statement,
 * gives back those that failed here, and frees those sends. A failed
 * record leaves the lease to run out: the delivery is then sent again
 * (at-least-once).
 */
static void
record(struct scim_webhooks *w)
{
	struct webhook_outcome	*o;
	struct wh_send		**p = &w->sending, *s;
	struct err		 err = { 0 };
	struct webhook_lease	*local;
	size_t			 n = 0, nl = 0, done = 0;

	for (s = w->sending; s != NULL; s = s->next)
		done += s->done != 0;
	if (done == 0)
		return;
	o = xcalloc(done, sizeof(*o));
	local = xcalloc(done, sizeof(*local));
	for (s = w->sending; s != NULL; s = s->next)
		if (s->done && s->local) {
			local[nl].delivery_id = s->job.delivery_id;
			local[nl++].attempt = s->job.attempt;
		} else if (s->done) {
			o[n].job = &s->job;
			o[n].status = s->status;
			o[n].latency_ms = s->latency_ms;
			o[n].excerpt = s->excerpt;
			n++;
		}
	if (n > 0 && (w->conn == NULL ||
	    dom_webhook_record(w->conn, o, n, &err) == -1))
		log_warn("webhooks: cannot record %zu attempt(s): %s", n,
		    w->conn == NULL ? "no database connection" : err.detail);
	give_back(w, local, nl);
	free(o);
	free(local);
	while ((s = *p) != NULL) {
		if (!s->done) {
			p = &s->next;
			continue;
		}
		*p = s->next;
		wh_send_free(s);
	}
}

/*
 * Attempts ended: record them, and claim again, as slots came free; when
 * stopping, end the loop once the last one is recorded.
 */
static void
on_reap(evutil_socket_t fd, short what, void *arg)
{
	struct scim_webhooks	*w = arg;

	(void)fd;
	(void)what;
	record(w);
	if (w->stopping && w->inflight == 0)
		event_base_loopbreak(w->base);
	claim(w);
}

static void
on_grace(evutil_socket_t fd, short what, void *arg)
{
	struct scim_webhooks	*w = arg;

	(void)fd;
	(void)what;
	log_warn("webhooks: %d delivery(ies) still in flight at the stop; "
	    "given back, to be sent again", w->inflight);
	event_base_loopbreak(w->base);
}

/*
 * Claims no more, and lets the sends in flight end, up to their own
 * timeout: a send cut off here may have reached its receiver, which would
 * then get it twice.
 */
static void
on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct scim_webhooks	*w = arg;
	struct timeval		 tv = { STOP_GRACE_MS / 1000,
				    STOP_GRACE_MS % 1000 * 1000 };

	(void)fd;
	(void)what;
	if (w->stopping)
		return;
	w->stopping = 1;
	if (w->inflight == 0) {
		event_base_loopbreak(w->base);
		return;
	}
	log_info("webhooks: stopping after the %d delivery(ies) in flight",
	    w->inflight);
	evtimer_add(w->grace, &tv);
}

/*
 * Records the attempts that ended, gives back the deliveries still in
 * flight, and frees every send.
 */
static void
abandon(struct scim_webhooks *w)
{
	struct webhook_lease	*l;
	struct wh_send		*s;
	struct err		 err = { 0 };
	size_t			 n;

	record(w);
	n = open_leases(&l, w);
	while ((s = w->sending) != NULL) {
		w->sending = s->next;
		wh_send_free(s);
	}
	if (n > 0 && w->conn != NULL &&
	    dom_webhook_release(w->conn, l, n, &err) == -1)
		log_warn("webhook shutdown: %s", err.detail);
	free(l);
}

static void *
run(void *arg)
{
	struct scim_webhooks	*w = arg;
	struct timeval		 tv = { 0, TICK_MS * 1000 };

	w->conn = w->db.open(w->db.arg);
	w->next_prune_ms = wh_now_ms();
	event_add(w->tick, &tv);
	event_base_dispatch(w->base);
	abandon(w);
	w->db.close(w->conn, w->db.arg);
	w->conn = NULL;
	return NULL;
}

/*
 * The TLS context: peers verified against the system's CA store, and the
 * CAs of ca_file too when given (a private CA of the receivers). A file
 * that cannot be read stops the start: deliveries would all fail.
 */
static SSL_CTX *
tls_context(const char *ca_file)
{
	SSL_CTX	*ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (SSL_CTX_set_default_verify_paths(ctx) != 1)
		goto fail;
	if (ca_file != NULL &&
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		log_error("webhooks: cannot read the CA file %s", ca_file);
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static void
webhooks_free(struct scim_webhooks *w)
{
	if (w->tick != NULL)
		event_free(w->tick);
	if (w->grace != NULL)
		event_free(w->grace);
	if (w->stop != NULL)
		event_free(w->stop);
	if (w->reap != NULL)
		event_free(w->reap);
	if (w->dns != NULL)
		evdns_base_free(w->dns, 0);
	if (w->base != NULL)
		event_base_free(w->base);
	SSL_CTX_free(w->ssl);
	free(w);
}

struct scim_webhooks *
scim_webhooks_start(const struct scim_webhook_config *cfg,
    const struct scim_worker_db *db)
{
	struct scim_webhooks	*w = xcalloc(1, sizeof(*w));

	w->cfg = *cfg;
	if (w->cfg.retention_days <= 0)
		w->cfg.retention_days = SCIM_WEBHOOK_RETENTION_DAYS;
	w->db = *db;
	w->allow_private = dom_webhook_allow_private();
	/* The stop event is activated from the main thread. */
	evthread_use_pthreads();
	if ((w->base = event_base_new()) == NULL ||
	    (w->dns = evdns_base_new(w->base,
	    EVDNS_BASE_INITIALIZE_NAMESERVERS)) == NULL ||
	    (w->ssl = tls_context(w->cfg.ca_file)) == NULL ||
	    (w->tick = evtimer_new(w->base, on_tick, w)) == NULL ||
	    (w->grace = evtimer_new(w->base, on_grace, w)) == NULL ||
	    (w->stop = event_new(w->base, -1, 0, on_stop, w)) == NULL ||
	    (w->reap = event_new(w->base, -1, 0, on_reap, w)) == NULL ||
	    pthread_create(&w->thread, NULL, run, w) != 0) {
		log_error("webhooks: cannot start the delivery thread");
		webhooks_free(w);
		return NULL;
	}
	return w;
}

void
scim_webhooks_halt(void *arg)
{
	struct scim_webhooks	*w = arg;

	if (w != NULL)
		event_active(w->stop, EV_TIMEOUT, 0);
}

void
scim_webhooks_stop(struct scim_webhooks *w)
{
	if (w == NULL)
		return;
	scim_webhooks_halt(w);
	pthread_join(w->thread, NULL);
	webhooks_free(w);
}
