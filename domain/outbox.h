/* SPDX-License-Identifier: MIT */
/*
 * domain/outbox.h
 *
 * Events for the product: what a committed change tells the outside world.
 * Writing one is a call inside the change's transaction; reading them is
 * the feed (ordered per org, resumable, with a wait for the next event).
 * Delivery to webhooks is in domain/webhook.h.
 */
#ifndef SCIMD_DOM_OUTBOX_H
#define SCIMD_DOM_OUTBOX_H

#include <stddef.h>

#include "domain/audit.h"
#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/event_row.h"

#define DOM_EVENTS_MAX_LIMIT	1000
#define DOM_EVENTS_MAX_WAIT_MS	60000

/*
 * Writes the audit row of an audited change and its event, of type
 * e->event (or its audit action), about its target member, in one
 * statement. Called by dom_audit_write, so every audited change has its
 * event.
 */
int	dom_outbox_audit(struct db_conn *, const struct dom_audit *e,
	    struct err *err);

/*
 * Erasure of a managed member reaches its events: every event about
 * member_id keeps its place in the feed (id, seq, type, member id) but
 * carries hashed_user_name (the audit's "sha256:" form) instead of the
 * member's userName, and no emails, externalId or displayName. Call it
 * after the member.erased event is written, in the same transaction, so
 * that event carries only the hash too.
 */
int	dom_outbox_erase_member(struct db_conn *, const char *org_id,
	    const char *member_id, const char *hashed_user_name,
	    struct err *err);

/*
 * An event about a group: group.created, group.changed, group.deleted
 * (write it before the row goes, so it still has the group's names).
 */
int	dom_outbox_group(struct db_conn *, const struct dom_actor *actor,
	    const char *type, const char *group_id, struct err *err);

/*
 * One group.member_added or group.member_removed event per member who
 * joined or left (array literals from db_group_apply; "{}": none).
 */
int	dom_outbox_members_changed(struct db_conn *,
	    const struct dom_actor *actor, const char *group_id,
	    const char *added, const char *removed, struct err *err);

/*
 * The org's events after seq `after`, at most `limit`, oldest first. With
 * wait_ms > 0 and nothing to return yet, waits up to wait_ms for the next
 * event to commit and returns as soon as one does (LISTEN/NOTIFY on c,
 * which is blocked meanwhile). *rows is an arena array of *n.
 */
int	dom_events_feed(struct event_row **rows, size_t *n, struct db_conn *c,
	    struct arena *a, const char *org_id, long long after,
	    long long limit, int wait_ms, struct err *err);

#endif
