/* SPDX-License-Identifier: MIT */
/*
 * storage/webhook.h
 *
 * Webhook endpoints (storage/webhook.c) and their deliveries: claiming
 * due ones for sending, recording attempts, replays and listings
 * (storage/webhook_delivery.c). Deliveries are made by the sequencer
 * (storage/outbox.h). Rows are copied into the caller's arena.
 */
#ifndef SCIMD_ST_WEBHOOK_H
#define SCIMD_ST_WEBHOOK_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/webhook_row.h"
#include "storage/db.h"

/*
 * A new endpoint of the org; events is comma-separated types or NULL for
 * every type. 404 when the org does not exist.
 */
int	db_webhook_insert(struct webhook_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *url,
	    const char *events, const char *secret, int insecure_http,
	    struct err *err);
/* The org's live endpoints, oldest first. */
int	db_webhook_list(struct webhook_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/* Stops deliveries to it (kept for its history). 404 when none. */
int	db_webhook_remove(struct db_conn *, const char *org_id, const char *id,
	    struct err *err);
/*
 * Makes `secret` the endpoint's secret; the current one stays valid for
 * overlap_s seconds. 404 when none.
 */
int	db_webhook_rotate(struct webhook_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *id,
	    const char *secret, long overlap_s, struct err *err);
/* Endpoints marked failing, any org. */
int	db_webhook_failing(struct webhook_failing_row **rows, size_t *n,
	    struct db_conn *, struct arena *, struct err *err);
/*
 * Live endpoints marked failing, and deliveries to live endpoints not
 * yet delivered, across every org.
 */
int	db_webhook_gauges(long long *failing, long long *pending,
	    struct db_conn *, struct err *err);

/*
 * Leases up to `limit` due deliveries for lease_s seconds: per endpoint
 * (rows locked, skipping those another instance holds) at most
 * max_inflight leased at once, and per endpoint and subject only the
 * oldest pending one. *jobs is an arena array of *n, in delivery order.
 */
int	db_webhook_claim(struct webhook_job **jobs, size_t *n,
	    struct db_conn *, struct arena *, int max_inflight, int lease_s,
	    int limit, struct err *err);

/* The outcome of one attempt. */
struct db_webhook_result {
	long long	 delivery_id;
	int		 attempt;
	int		 status;	/* HTTP status, 0 when none */
	int		 latency_ms;
	const char	*excerpt;
	int		 ok;		/* 2xx: delivered */
	long		 retry_ms;	/* not ok: next try after this */
};

/*
 * Records n attempts in one statement: ends their leases, updates each
 * delivery (a failure older than max_age_s expires it; a failure whose
 * lease another claim holds now changes nothing there) and each
 * endpoint's count of failures in a row, which the latest success in r
 * resets; failing_since is set when the count reaches fail_threshold.
 * Strings are borrowed; `a` holds the statement's parameters.
 */
int	db_webhook_done(struct db_conn *, struct arena *a,
	    const struct db_webhook_result *r, size_t n, long max_age_s,
	    int fail_threshold, struct err *err);
/*
 * Extends the n leases by lease_s from now. A lease that ran out and was
 * claimed again meanwhile is the other claim's, and is left alone here as
 * in db_webhook_release.
 */
int	db_webhook_renew(struct db_conn *, const struct webhook_lease *l,
	    size_t n, int lease_s, struct err *err);
/*
 * Ends the n leases of deliveries not sent (shutdown, or no socket here),
 * and takes back their attempt: due again at once.
 */
int	db_webhook_release(struct db_conn *, const struct webhook_lease *l,
	    size_t n, struct err *err);

/*
 * Queues the org's events since `since` (ISO 8601) again for the
 * endpoint, as new deliveries in seq order. 404 when no such endpoint.
 */
int	db_webhook_replay(long long *n, struct db_conn *, const char *org_id,
	    const char *endpoint_id, const char *since, struct err *err);
/* The endpoint's deliveries, newest first, at most limit. */
int	db_webhook_deliveries(struct webhook_delivery_row **rows, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *endpoint_id, long long limit, struct err *err);

#endif
