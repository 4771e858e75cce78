/* SPDX-License-Identifier: MIT */
/*
 * domain/base/webhook_row.h
 *
 * Webhook endpoints, their deliveries, and a delivery claimed for sending,
 * as every layer sees them: storage fills them, domain decides on them,
 * scim sends and renders them. Plain data; strings are borrowed from the
 * arena that holds the row.
 */
#ifndef SCIMD_WEBHOOK_ROW_H
#define SCIMD_WEBHOOK_ROW_H

struct webhook_row {
	const char	*id;
	const char	*org_id;
	const char	*url;
	const char	*events;	/* comma-separated types; NULL: every type */
	int		 insecure_http;
	const char	*created;	/* ISO 8601 UTC */
	const char	*removed;	/* or NULL */
	const char	*failing_since;	/* or NULL */
	int		 failures;	/* in a row */
	const char	*previous_until;	/* the old secret's end, or NULL */
	long long	 pending;	/* deliveries not yet sent */
};

/* One delivery of an event to an endpoint, with its attempts. */
struct webhook_delivery_row {
	long long	 id;
	const char	*event_id;	/* "evt_…" */
	const char	*type;
	long long	 seq;
	const char	*state;		/* pending, delivered, expired */
	int		 attempts;
	const char	*created;
	const char	*next_at;	/* pending: when it is due */
	const char	*delivered;	/* or NULL */
	/* JSON array text: [{attempt, at, status, latencyMs, excerpt}] */
	const char	*attempts_json;
};

/* A delivery claimed (leased) by this instance, with what sending needs. */
struct webhook_job {
	long long	 delivery_id;
	const char	*endpoint_id;
	int		 attempt;	/* 1 for the first try */
	const char	*url;
	int		 insecure_http;
	const char	*secret;	/* whsec_… */
	const char	*previous_secret;	/* still valid, or NULL */
	const char	*msg_id;	/* the event id: webhook-id */
	const char	*body;		/* the event document */
	long long	 age_s;		/* since the delivery was made */
};

/*
 * A lease this instance holds: the claim that made it is the delivery's
 * attempt `attempt`; once another claim has moved the count on, the lease
 * is that claim's, not this one's.
 */
struct webhook_lease {
	long long	 delivery_id;
	int		 attempt;
};

/* How one attempt of a claimed job ended, for recording. */
struct webhook_outcome {
	const struct webhook_job *job;
	int		 status;	/* HTTP status, 0: no answer */
	int		 latency_ms;
	const char	*excerpt;	/* the answer's start, or why none */
};

/* An endpoint marked failing, for alerts. */
struct webhook_failing_row {
	const char	*id;
	const char	*org_id;
	const char	*url;
	const char	*failing_since;
	int		 failures;
};

#endif
