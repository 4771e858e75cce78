/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook.c
 *
 * An org's webhook endpoints: registering one (its URL checked against the
 * rule of domain/webhook.h, its secret made here and shown once), listing,
 * removing, rotating the secret, replays and the deliveries. Sending is
 * scim/webhook/'s.
 */
#include "domain/webhook.h"

#include <string.h>

#include "storage/webhook.h"

#define DELIVERIES_DEFAULT	100

/* Comma-separated types, each one the outbox writes. */
static int
check_events(const char *events, struct err *err)
{
	const char	*s = events, *end;
	int		 len;

	if (strlen(events) > 1000)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "events: too long");
	for (;;) {
		end = strchr(s, ',');
		if (end == NULL)
			end = s + strlen(s);
		len = end - s > 64 ? 64 : (int)(end - s);
		if (!dom_event_type_known(s, (size_t)(end - s)))
			return err_set(err, 400, ST_INVALID_VALUE, "events: "
			    "\"%.*s\" is not an event type (e.g. "
			    "member.removed, member.deactivated)", len, s);
		if (*end == '\0')
			return 0;
		s = end + 1;
	}
}

int
dom_webhook_add(struct dom_webhook_new *out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *url, const char *events,
    int insecure_http, struct err *err)
{
	if (events != NULL && *events == '\0')
		events = NULL;
	if (dom_webhook_url_check(url, insecure_http,
	    dom_webhook_allow_private(), err) == -1 ||
	    (events != NULL && check_events(events, err) == -1) ||
	    dom_webhook_secret_new(out->secret, err) == -1)
		return -1;
	return db_webhook_insert(&out->row, c, a, org_id, url, events,
	    out->secret, insecure_http, err);
}

int
dom_webhook_list(struct webhook_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	return db_webhook_list(rows, n, c, a, org_id, err);
}

int
dom_webhook_remove(struct db_conn *c, const char *org_id, const char *id,
    struct err *err)
{
	return db_webhook_remove(c, org_id, id, err);
}

int
dom_webhook_rotate(struct dom_webhook_new *out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *id, long overlap_s,
    struct err *err)
{
	if (overlap_s < 0)
		overlap_s = DOM_WEBHOOK_OVERLAP_S;
	if (dom_webhook_secret_new(out->secret, err) == -1)
		return -1;
	return db_webhook_rotate(&out->row, c, a, org_id, id, out->secret,
	    overlap_s, err);
}

int
dom_webhook_replay(long long *n, struct db_conn *c, const char *org_id,
    const char *id, const char *since, struct err *err)
{
	if (since == NULL || *since == '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "since: a time (ISO 8601) is required");
	return db_webhook_replay(n, c, org_id, id, since, err);
}

int
dom_webhook_deliveries(struct webhook_delivery_row **rows, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id, const char *id,
    long long limit, struct err *err)
{
	if (limit <= 0)
		limit = DELIVERIES_DEFAULT;
	if (limit > DOM_WEBHOOK_MAX_LIST)
		limit = DOM_WEBHOOK_MAX_LIST;
	return db_webhook_deliveries(rows, n, c, a, org_id, id, limit, err);
}
