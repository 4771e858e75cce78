/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook.h
 *
 * Webhooks: an org's endpoints and what decides about sending to them.
 * Endpoints and deliveries (domain/webhook.c); the URL and address rules
 * against SSRF (domain/webhook_url.c); the Standard Webhooks signature
 * and the retry schedule (domain/webhook_sign.c). Sending itself is
 * scim/webhook/'s (libevent's HTTP client).
 *
 * Where a delivery may go: https:// to a public address, or to loopback;
 * http:// only to loopback unless the endpoint was added with
 * --insecure-http. Private (RFC 1918, CGNAT, IPv6 ULA) and link-local
 * addresses are refused unless SCIMD_WEBHOOK_ALLOW_PRIVATE=1; multicast,
 * unspecified, broadcast and reserved addresses always. The rule is
 * checked on literal addresses when an endpoint is added, and on every
 * resolved address before each connection.
 */
#ifndef SCIMD_DOM_WEBHOOK_H
#define SCIMD_DOM_WEBHOOK_H

#include <stddef.h>

#include <sys/socket.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/webhook_row.h"

struct db_conn;

#define DOM_WEBHOOK_SECRET_LEN	51	/* whsec_ + 44 base64 + NUL */
#define DOM_WEBHOOK_OVERLAP_S	(24 * 3600)	/* old secret after rotation */
#define DOM_WEBHOOK_MAX_AGE_S	(3 * 24 * 3600)	/* retried for 3 days */
#define DOM_WEBHOOK_FAILING	5	/* failures in a row: failing */
#define DOM_WEBHOOK_MAX_URL	2048
#define DOM_WEBHOOK_MAX_LIST	1000

/* 1 when the outbox writes events of this type (len bytes, no NUL). */
int	dom_event_type_known(const char *type, size_t len);

/* A new endpoint: its row and its secret, shown once. */
struct dom_webhook_new {
	struct webhook_row	row;
	char			secret[DOM_WEBHOOK_SECRET_LEN];
};

/*
 * Registers an endpoint of the org for the comma-separated event types in
 * `events` (NULL or "": every type). 400 when the URL breaks the rule
 * above or a type is not one the outbox writes; 404 when the org does not exist.
 */
int	dom_webhook_add(struct dom_webhook_new *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *url,
	    const char *events, int insecure_http, struct err *err);
int	dom_webhook_list(struct webhook_row **rows, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
int	dom_webhook_remove(struct db_conn *, const char *org_id,
	    const char *id, struct err *err);
/*
 * A new secret; deliveries are signed with both the new and the old one
 * for overlap_s seconds (< 0: DOM_WEBHOOK_OVERLAP_S).
 */
int	dom_webhook_rotate(struct dom_webhook_new *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *id, long overlap_s,
	    struct err *err);
/* Queues the events since `since` (ISO 8601) again; *n how many. */
int	dom_webhook_replay(long long *n, struct db_conn *, const char *org_id,
	    const char *id, const char *since, struct err *err);
/* Newest first; limit <= 0 is 100. */
int	dom_webhook_deliveries(struct webhook_delivery_row **rows, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *id, long long limit, struct err *err);

/* A parsed endpoint URL; strings in the arena. */
struct dom_webhook_url {
	int		 https;
	const char	*host;		/* no brackets around IPv6 */
	const char	*port;		/* "443" or "80" when not given */
	const char	*authority;	/* host[:port] as written: Host */
	const char	*path;		/* path and query, "/" at least */
};

/*
 * Parses an http(s) URL without userinfo or fragment. 400 with the
 * reason otherwise.
 */
int	dom_webhook_url_parse(struct dom_webhook_url *out, struct arena *,
	    const char *url, struct err *err);
/*
 * Whether a delivery may connect to `sa` (IPv4 or IPv6) for an endpoint
 * with this scheme and flag: 0, or -1 with err 400 saying why not.
 * allow_private is SCIMD_WEBHOOK_ALLOW_PRIVATE (dom_webhook_allow_private).
 */
int	dom_webhook_addr_check(const struct sockaddr *sa, int https,
	    int insecure_http, int allow_private, struct err *err);
/* 1 when SCIMD_WEBHOOK_ALLOW_PRIVATE=1 in the environment. */
int	dom_webhook_allow_private(void);
/*
 * What can be checked before resolving: the URL, and the address when
 * the host is a literal one (or "localhost", taken as loopback).
 */
int	dom_webhook_url_check(const char *url, int insecure_http,
	    int allow_private, struct err *err);

/*
 * The webhook-signature header of Standard Webhooks: "v1,<base64
 * HMAC-SHA256 of id.timestamp.body>" with the key that follows "whsec_"
 * (base64), and a second signature after a space when `previous` is not
 * NULL. Returns the header in the arena, or NULL when a secret is not
 * whsec_ and base64.
 */
const char	*dom_webhook_sign(struct arena *, const char *secret,
		    const char *previous, const char *msg_id, long long ts,
		    const char *body, size_t len);
/* A new secret: "whsec_" and the base64 of 32 random bytes. */
int	dom_webhook_secret_new(char out[DOM_WEBHOOK_SECRET_LEN],
	    struct err *err);
/*
 * The wait before try attempt + 1 after `attempt` failed: 500 ms doubling
 * up to an hour, times a jitter in [0.5, 1) from `rnd` (uniform 32 bits).
 */
long	dom_webhook_retry_ms(int attempt, unsigned rnd);

/*
 * The delivery side (domain/webhook_queue.c), for the delivery thread of
 * scim/webhook/: sequencing, claiming, recording attempts, retention.
 */
/*
 * A claim's lease, renewed every DOM_WEBHOOK_RENEW_MS while its request
 * is in flight: the deliveries of an instance that died go again after
 * at most this long.
 */
#define DOM_WEBHOOK_LEASE_S	6
#define DOM_WEBHOOK_RENEW_MS	2000

/* Runs the sequencer: committed events get their seq and deliveries. */
int	dom_webhook_sequence(struct db_conn *, struct err *err);
/*
 * Leases up to `limit` due deliveries, at most max_inflight per endpoint
 * across all instances, per subject in order (storage/webhook.h).
 */
int	dom_webhook_claim(struct webhook_job **jobs, size_t *n,
	    struct db_conn *, struct arena *, int max_inflight, int limit,
	    struct err *err);
/*
 * Records n attempts of claimed jobs, in the order they ended, in one
 * statement. A 2xx delivers; anything else retries with backoff and
 * jitter, until the delivery is DOM_WEBHOOK_MAX_AGE_S old.
 */
int	dom_webhook_record(struct db_conn *, const struct webhook_outcome *o,
	    size_t n, struct err *err);
/* Renews the leases of the jobs being sent (DOM_WEBHOOK_LEASE_S). */
int	dom_webhook_renew(struct db_conn *, const struct webhook_lease *l,
	    size_t n, struct err *err);
/*
 * Gives back the leases of jobs that were not sent (shutdown, or this
 * instance could not open a socket), uncounted.
 */
int	dom_webhook_release(struct db_conn *, const struct webhook_lease *l,
	    size_t n, struct err *err);
/* Deletes delivered events older than `days`; *n how many. */
int	dom_webhook_prune(long long *n, struct db_conn *, int days,
	    struct err *err);
/* Endpoints marked failing (any org), for alerts and /metrics. */
int	dom_webhook_failing(struct webhook_failing_row **rows, size_t *n,
	    struct db_conn *, struct arena *, struct err *err);
/*
 * How many live endpoints are failing and how many deliveries wait, any
 * org: the delivery thread copies them into the stats gauges.
 */
int	dom_webhook_gauges(long long *failing, long long *pending,
	    struct db_conn *, struct err *err);

#endif
