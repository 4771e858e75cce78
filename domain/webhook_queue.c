/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook_queue.c
 *
 * The delivery side of webhooks, for the delivery thread: what counts as
 * delivered, when to retry, when to give up, when an endpoint is failing.
 * The queue itself is the webhook_deliveries table (storage/webhook.h).
 */
#include "domain/webhook.h"

#include <string.h>

#include <openssl/rand.h>

#include "storage/outbox.h"
#include "storage/webhook.h"

int
dom_webhook_sequence(struct db_conn *c, struct err *err)
{
	return db_outbox_sequence(c, err);
}

int
dom_webhook_claim(struct webhook_job **jobs, size_t *n, struct db_conn *c,
    struct arena *a, int max_inflight, int limit, struct err *err)
{
	return db_webhook_claim(jobs, n, c, a, max_inflight,
	    DOM_WEBHOOK_LEASE_S, limit, err);
}

int
dom_webhook_record(struct db_conn *c, const struct webhook_outcome *o,
    size_t n, struct err *err)
{
	struct db_webhook_result	*r;
	struct arena			 a = { 0 };
	unsigned			*rnd;
	size_t				 i;
	int				 rc;

	if (n == 0)
		return 0;
	r = arena_alloc(&a, n * sizeof(*r));
	rnd = arena_alloc(&a, n * sizeof(*rnd));
	/* Jitter needs no secrecy; a failed RAND_bytes leaves it at 0. */
	memset(rnd, 0, n * sizeof(*rnd));
	(void)RAND_bytes((unsigned char *)rnd, (int)(n * sizeof(*rnd)));
	for (i = 0; i < n; i++) {
		r[i].delivery_id = o[i].job->delivery_id;
		r[i].attempt = o[i].job->attempt;
		r[i].status = o[i].status;
		r[i].latency_ms = o[i].latency_ms;
		r[i].excerpt = o[i].excerpt;
		r[i].ok = o[i].status >= 200 && o[i].status <= 299;
		r[i].retry_ms = dom_webhook_retry_ms(o[i].job->attempt, rnd[i]);
	}
	rc = db_webhook_done(c, &a, r, n, DOM_WEBHOOK_MAX_AGE_S,
	    DOM_WEBHOOK_FAILING, err);
	arena_free(&a);
	return rc;
}

int
dom_webhook_renew(struct db_conn *c, const struct webhook_lease *l, size_t n,
    struct err *err)
{
	return db_webhook_renew(c, l, n, DOM_WEBHOOK_LEASE_S, err);
}

int
dom_webhook_release(struct db_conn *c, const struct webhook_lease *l, size_t n,
    struct err *err)
{
	return db_webhook_release(c, l, n, err);
}

int
dom_webhook_prune(long long *n, struct db_conn *c, int days, struct err *err)
{
	return db_outbox_prune(n, c, days, err);
}

int
dom_webhook_failing(struct webhook_failing_row **rows, size_t *n,
    struct db_conn *c, struct arena *a, struct err *err)
{
	return db_webhook_failing(rows, n, c, a, err);
}

int
dom_webhook_gauges(long long *failing, long long *pending, struct db_conn *c,
    struct err *err)
{
	return db_webhook_gauges(failing, pending, c, err);
}
