/* SPDX-License-Identifier: MIT */
/*
 * scim/webhook/webhook.h
 *
 * Webhook delivery inside `scimd serve`: one thread with its own event
 * base and its own PostgreSQL connection that runs the sequencer, claims
 * due deliveries (shared with other instances through the database) and
 * sends them with libevent's HTTP client, HTTPS verified against the
 * system's certificates. The rules it follows are domain/webhook.h's.
 */
#ifndef SCIMD_WEBHOOK_H
#define SCIMD_WEBHOOK_H

#include "scim/http/server.h"

#define SCIM_WEBHOOK_RETENTION_DAYS	30

struct scim_webhook_config {
	/* Delivered events are pruned after; 0: the default. */
	int		 retention_days;
	/* PEM CAs trusted beside the system's store, or NULL. */
	const char	*ca_file;
};

struct scim_webhooks;

/*
 * Starts the delivery thread; db opens its connection on that thread
 * (the same opener as the server's workers). Returns NULL, logged, when
 * the thread cannot start.
 */
struct scim_webhooks	*scim_webhooks_start(const struct scim_webhook_config *,
			    const struct scim_worker_db *db);
/*
 * Asks the thread to stop and returns at once: no more claims; the
 * requests in flight may end, up to their timeout, and those still in
 * flight then are abandoned, their deliveries given back to be sent
 * again (at-least-once). Safe from any thread; accepts NULL (the void *
 * is for a server's stop callback).
 */
void	scim_webhooks_halt(void *);
/* Halts the thread, waits for it, and frees it. Accepts NULL. */
void	scim_webhooks_stop(struct scim_webhooks *);

#endif
