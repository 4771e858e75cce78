/* SPDX-License-Identifier: MIT */
/*
 * domain/group.c
 *
 * Group writes: attributes and membership delta in one transaction.
 */
#include "domain/group.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/guard.h"
#include "domain/outbox.h"
#include "storage/db.h"
#include "storage/group.h"
#include "storage/lifecycle.h"
#include "storage/member.h"

static void
group_refused(struct db_conn *c, const struct dom_actor *actor,
    const char *group_id, const char *attempted, const struct err *why)
{
	if ((why->status != 409 && why->status != 403) ||
	    why->type == ST_UNIQUENESS)
		return;
	dom_audit_group_refusal(c, actor, group_id, NULL, attempted, why);
}

struct create_arg {
	struct group_row		*out;
	struct arena			*a;
	const struct dom_actor		*actor;
	const struct dom_group_facts	*f;
	const struct group_delta	*members;
};

static void
write_of(struct db_group_write *w, const struct dom_group_facts *f)
{
	w->display_name = f->display_name;
	w->external_id = f->external_id;
	w->resource = f->resource;
}

static int
create_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct create_arg	*x = arg;
	struct db_group_write	 w;
	struct db_group_applied	 ap = { .added_ids = "{}", .removed_ids = "{}" };

	write_of(&w, x->f);
	if (db_group_insert(x->out, c, x->a, x->actor->org_id, &w, err) == -1)
		return -1;
	if (x->members != NULL && x->members->nadd > 0 &&
	    db_group_apply(&ap, c, x->a, x->actor->org_id, x->out->id,
	    x->members, err) == -1)
		return -1;
	if (dom_outbox_group(c, x->actor, "group.created", x->out->id,
	    err) == -1 || dom_outbox_members_changed(c, x->actor, x->out->id,
	    ap.added_ids, ap.removed_ids, err) == -1)
		return -1;
	return db_group_get(x->out, c, x->a, x->actor->org_id, x->out->id, 0,
	    1, err);
}

int
dom_group_create(struct group_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const struct dom_group_facts *f,
    const struct group_delta *members, struct err *err)
{
	struct create_arg	x = { out, a, actor, f, members };

	return db_tx_run(c, 0, create_tx, &x, err);
}

int
dom_group_get(struct group_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, int with_members,
    struct err *err)
{
	return db_group_get(out, c, a, actor->org_id, id, 0, with_members, err);
}

int
dom_group_list(struct group_row **rows, size_t *n, long long *total,
    struct db_conn *c, struct arena *a, const struct dom_actor *actor,
    const struct group_query *q, struct err *err)
{
	return db_group_list(rows, n, total, c, a, actor->org_id, q, err);
}

/*
 * Whether the token's own admin (the person) manages members now: a
 * group change that takes that away is a demotion the self guard
 * refuses. 0 for a token without an admin.
 */
static int
self_manages(int *is, struct db_conn *c, const struct dom_actor *actor,
    struct err *err)
{
	*is = 0;
	if (actor->token_admin_person == NULL)
		return 0;
	return db_person_is_manager(is, c, actor->org_id,
	    actor->token_admin_person, err);
}

/*
 * A group that grants the admin role carries members.manage: changing
 * its members or deleting it is guarded like demoting those members.
 * The org row is locked first (the order every lifecycle change takes),
 * then the managers are counted before and after the change.
 */
static int
guard_begin(long long *before, int *self, struct db_conn *c,
    const struct dom_actor *actor, const char *group_id, struct arena *a,
    struct err *err)
{
	struct group_row	peek;
	struct db_org_policy	pol;

	*before = -1;
	*self = 0;
	if (db_group_get(&peek, c, a, actor->org_id, group_id, 0, 0, err) == -1)
		return -1;
	if (peek.role == NULL || strcmp(peek.role, "admin") != 0)
		return 0;
	if (db_org_lock(&pol, c, actor->org_id, err) == -1 ||
	    self_manages(self, c, actor, err) == -1)
		return -1;
	return db_managers_count(before, c, actor->org_id, err);
}

/*
 * The role was read before any lock: if the locked row now grants admin
 * and the org lock was not taken, start over (the rerun takes it).
 */
static int
guard_recheck(long long before, const struct group_row *locked,
    struct err *err)
{
	if (before >= 0 || locked->role == NULL ||
	    strcmp(locked->role, "admin") != 0)
		return 0;
	err_set(err, 503, ST_NONE, "the group changed meanwhile; retry");
	err->retry = ERR_RETRY_TX;
	return -1;
}

static int
guard_end(long long before, int self, struct db_conn *c,
    const struct dom_actor *actor, struct err *err)
{
	struct dom_guard_facts	g;
	int			self_after;

	if (before < 0)
		return 0;
	memset(&g, 0, sizeof(g));
	g.t = DOM_T_DEMOTE;
	g.managers_before = before;
	if (db_managers_count(&g.managers_after, c, actor->org_id, err) == -1 ||
	    self_manages(&self_after, c, actor, err) == -1)
		return -1;
	g.target_is_token_admin = self && !self_after;
	return dom_guard_check(&g, err);
}

static int
lock_added(struct db_conn *c, struct arena *a, const struct group_delta *d,
    struct err *err)
{
	const char	**ids;
	size_t		  i, n = 0;

	if (d->nadd == 0)
		return 0;
	ids = arena_alloc(a, d->nadd * sizeof(*ids));
	for (i = 0; i < d->nadd; i++)
		if (db_uuid_valid(d->add[i].id))	/* others add nobody */
			ids[n++] = d->add[i].id;
	return db_members_share_lock(c, a, ids, n, err);
}

struct update_arg {
	struct group_row	*out;
	struct arena		*a;
	const struct dom_actor	*actor;
	const char		*id;
	int			 with_members;
	dom_group_transform	 fn;
	void			*fn_arg;
};

static int
update_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct update_arg	*u = arg;
	struct group_row	 before;
	struct dom_group_facts	 after;
	struct group_delta	 delta;
	struct db_group_write	 w;
	struct db_group_applied	 ap;
	long long		 managers;
	int			 self;

	if (guard_begin(&managers, &self, c, u->actor, u->id, u->a, err) == -1 ||
	    db_group_get(&before, c, u->a, u->actor->org_id, u->id, 1, 0,
	    err) == -1 || guard_recheck(managers, &before, err) == -1)
		return -1;
	memset(&after, 0, sizeof(after));
	memset(&delta, 0, sizeof(delta));
	if (u->fn(&after, &delta, &before, u->a, u->fn_arg, err) == -1)
		return -1;
	/*
	 * Members an admin group gains become managers: hold their rows, as
	 * domain/member.c's lock protocol asks of whoever makes managers.
	 */
	if (managers >= 0 && lock_added(c, u->a, &delta, err) == -1)
		return -1;
	if (db_group_apply(&ap, c, u->a, u->actor->org_id, u->id,
	    &delta, err) == -1)
		return -1;
	write_of(&w, &after);
	if (db_group_update(u->out, c, u->a, u->actor->org_id, u->id, &w,
	    err) == -1 || guard_end(managers, self, c, u->actor, err) == -1)
		return -1;
	if (dom_outbox_group(c, u->actor, "group.changed", u->id, err) == -1 ||
	    dom_outbox_members_changed(c, u->actor, u->id, ap.added_ids,
	    ap.removed_ids, err) == -1)
		return -1;
	return u->with_members ? db_group_get(u->out, c, u->a,
	    u->actor->org_id, u->id, 0, 1, err) : 0;
}

int
dom_group_update(struct group_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, int with_members,
    dom_group_transform fn, void *arg, struct err *err)
{
	struct update_arg	u = { out, a, actor, id, with_members, fn, arg };

	if (db_tx_run(c, 0, update_tx, &u, err) == 0)
		return 0;
	group_refused(c, actor, id, "group update", err);
	return -1;
}

struct delete_arg {
	struct arena		*a;
	const struct dom_actor	*actor;
	const char		*id;
	int			(*check)(const struct group_row *, void *,
				    struct err *);
	void			*check_arg;
};

static int
delete_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct delete_arg	*d = arg;
	struct group_row	 g;
	long long		 managers;
	int			 self;

	if (guard_begin(&managers, &self, c, d->actor, d->id, d->a, err) == -1 ||
	    db_group_get(&g, c, d->a, d->actor->org_id, d->id, 1, 0, err) == -1 ||
	    guard_recheck(managers, &g, err) == -1)
		return -1;
	if (d->check != NULL && d->check(&g, d->check_arg, err) == -1)
		return -1;
	if (dom_outbox_group(c, d->actor, "group.deleted", d->id, err) == -1 ||
	    db_group_delete(c, d->actor->org_id, d->id, err) == -1)
		return -1;
	return guard_end(managers, self, c, d->actor, err);
}

int
dom_group_delete(struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id,
    int (*check)(const struct group_row *, void *, struct err *), void *arg,
    struct err *err)
{
	struct delete_arg	d = { a, actor, id, check, arg };

	if (db_tx_run(c, 0, delete_tx, &d, err) == 0)
		return 0;
	group_refused(c, actor, id, "group delete", err);
	return -1;
}
