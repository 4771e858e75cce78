/* SPDX-License-Identifier: MIT */
/*
 * domain/outbox.c
 *
 * Writing events with the change they describe, and the feed that reads
 * them back. Which changes make which events is decided by the flows (one
 * call next to their audit write); this file only shapes the row.
 */
#include "domain/outbox.h"

#include <string.h>
#include <time.h>

#include "domain/base/log.h"
#include "domain/member.h"
#include "storage/member.h"
#include "storage/outbox.h"

int
dom_outbox_audit(struct db_conn *c, const struct dom_audit *e,
    struct err *err)
{
	struct db_outbox	o;

	memset(&o, 0, sizeof(o));
	o.org_id = e->ev.org_id;
	o.type = e->event != NULL ? e->event : e->ev.action;
	o.member_id = e->ev.target_member_id;
	o.actor_token_id = e->ev.actor_token_id;
	o.actor_member_id = e->ev.actor_member_id;
	o.detail = e->ev.detail;
	return db_audit_insert_event(c, &e->ev, &o, err);
}

int
dom_outbox_erase_member(struct db_conn *c, const char *org_id,
    const char *member_id, const char *hashed_user_name, struct err *err)
{
	return db_outbox_erase_member(c, org_id, member_id, hashed_user_name,
	    err);
}

static void
group_event(struct db_outbox *o, const struct dom_actor *actor,
    const char *type, const char *group_id)
{
	memset(o, 0, sizeof(*o));
	o->org_id = actor->org_id;
	o->type = type;
	o->group_id = group_id;
	o->actor_token_id = actor->token_id;
	o->actor_member_id = actor->token_admin;
}

int
dom_outbox_group(struct db_conn *c, const struct dom_actor *actor,
    const char *type, const char *group_id, struct err *err)
{
	struct db_outbox	o;

	group_event(&o, actor, type, group_id);
	return db_outbox_insert(c, &o, err);
}

int
dom_outbox_members_changed(struct db_conn *c, const struct dom_actor *actor,
    const char *group_id, const char *added, const char *removed,
    struct err *err)
{
	struct db_outbox	o;

	group_event(&o, actor, "group.member_added", group_id);
	o.member_set = added;
	if (db_outbox_insert(c, &o, err) == -1)
		return -1;
	o.type = "group.member_removed";
	o.member_set = removed;
	return db_outbox_insert(c, &o, err);
}

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sequences what has committed, then reads the org's events after `after`. */
static int
read_once(struct event_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, long long after, long long limit,
    struct err *err)
{
	if (db_outbox_sequence(c, err) == -1)
		return -1;
	return db_outbox_list(rows, n, c, a, org_id, after, limit, err);
}

int
dom_events_feed(struct event_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, long long after, long long limit,
    int wait_ms, struct err *err)
{
	struct err	ignored = { 0 };
	long long	deadline;
	int		rc = -1, left;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	if (wait_ms <= 0)
		return read_once(rows, n, c, a, org_id, after, limit, err);
	/* Listen before reading, so an event committed in between wakes us. */
	if (db_outbox_listen(c, org_id, wait_ms, err) == -1)
		return -1;
	deadline = now_ms() + wait_ms;
	for (;;) {
		if (read_once(rows, n, c, a, org_id, after, limit, err) == -1)
			goto out;
		left = (int)(deadline - now_ms());
		if (*n > 0 || left <= 0)
			break;
		/*
		 * At least once a second: a writer that began before our
		 * registration was visible sends no notification.
		 */
		if (db_outbox_wait(c, left < 1000 ? left : 1000, err) == -1)
			goto out;
	}
	rc = 0;
out:
	if (db_outbox_listen(c, NULL, 0, &ignored) == -1)
		log_warn("could not stop listening for events: %s",
		    ignored.detail);
	return rc;
}
