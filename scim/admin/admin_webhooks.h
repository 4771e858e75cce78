/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_webhooks.h
 *
 * /admin/v1/orgs/{org}/webhooks: an org's webhook endpoints and their
 * deliveries, and the JSON shapes the command line shares with them.
 * Every cJSON returned is owned by the caller (cJSON_Delete).
 */
#ifndef SCIMD_ADMIN_WEBHOOKS_H
#define SCIMD_ADMIN_WEBHOOKS_H

#include <cjson/cJSON.h>

#include "domain/webhook.h"
#include "scim/http/call.h"

/* POST {url, events?: [type], insecureHttp?}: 201 with the secret; GET lists. */
int	scim_admin_webhook_add(struct scim_call *, struct err *);
int	scim_admin_webhook_list(struct scim_call *, struct err *);
/* DELETE …/webhooks/{id}. */
int	scim_admin_webhook_remove(struct scim_call *, struct err *);
/* POST …/webhooks/{id}/rotate-secret {overlapSeconds?}. */
int	scim_admin_webhook_rotate(struct scim_call *, struct err *);
/* POST …/webhooks/{id}/replay {since}: {queued}. */
int	scim_admin_webhook_replay(struct scim_call *, struct err *);
/* GET …/webhooks/{id}/deliveries?limit=N, newest first. */
int	scim_admin_webhook_deliveries(struct scim_call *, struct err *);

/*
 * {id, url, events, insecureHttp, created, failingSince, failures,
 * pending, previousSecretUntil}; never the secret.
 */
cJSON	*scim_admin_webhook_json(const struct webhook_row *);
/* The row plus its secret: what add and rotate-secret show once. */
cJSON	*scim_admin_webhook_new_json(const struct dom_webhook_new *);
/*
 * {id, eventId, type, seq, state, attempts, created, nextAt, delivered,
 * attemptLog: [{attempt, at, status, latencyMs, excerpt}]}
 */
cJSON	*scim_admin_delivery_json(const struct webhook_delivery_row *);

#endif
