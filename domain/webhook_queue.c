/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook_queue.c
 *
 * The delivery side of webhooks, for the delivery thread: what counts as
 * delivered, when to retry, when to give up, when an endpoint is failing.
 * The queue itself is the webhook_deliveries table (storage/webhook.h).
 */
#include "domain/webhook.h"

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
dom_webhook_record(struct db_conn *c, const struct webhook_job *job,
    int status, int latency_ms, const char *excerpt, struct err *err)
{
	struct db_webhook_result	r = { 0 };
	unsigned			rnd = 0;

	/* Jitter needs no secrecy; a failed RAND_bytes leaves it at 0. */
	(void)RAND_bytes((unsigned char *)&rnd, sizeof(rnd));
	r.delivery_id = job->delivery_id;
	r.attempt = job->attempt;
	r.status = status;
	r.latency_ms = latency_ms;
	r.excerpt = excerpt;
	r.ok = status >= 200 && status <= 299;
	r.retry_ms = dom_webhook_retry_ms(job->attempt, rnd);
	r.max_age_s = DOM_WEBHOOK_MAX_AGE_S;
	r.fail_threshold = DOM_WEBHOOK_FAILING;
	return db_webhook_done(c, &r, err);
}

int
dom_webhook_release(struct db_conn *c, const long long *ids, size_t n,
    struct err *err)
{
	return db_webhook_release(c, ids, n, err);
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
