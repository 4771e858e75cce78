/* SPDX-License-Identifier: MIT */
/*
 * domain/group.c
 *
 * Group writes: attributes and membership delta in one transaction.
 */
#include "domain/group.h"

#include <string.h>

#include "storage/db.h"
#include "storage/group.h"

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
	long long		 added, removed;

	write_of(&w, x->f);
	if (db_group_insert(x->out, c, x->a, x->actor->org_id, &w, err) == -1)
		return -1;
	if (x->members != NULL && x->members->nadd > 0 &&
	    db_group_apply(&added, &removed, c, x->a, x->actor->org_id,
	    x->out->id, x->members, err) == -1)
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
	long long		 added, removed;

	if (db_group_get(&before, c, u->a, u->actor->org_id, u->id, 1, 0,
	    err) == -1)
		return -1;
	memset(&after, 0, sizeof(after));
	memset(&delta, 0, sizeof(delta));
	if (u->fn(&after, &delta, &before, u->a, u->fn_arg, err) == -1)
		return -1;
	if (db_group_apply(&added, &removed, c, u->a, u->actor->org_id, u->id,
	    &delta, err) == -1)
		return -1;
	write_of(&w, &after);
	if (db_group_update(u->out, c, u->a, u->actor->org_id, u->id, &w,
	    err) == -1)
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

	return db_tx_run(c, 0, update_tx, &u, err);
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

	if (db_group_get(&g, c, d->a, d->actor->org_id, d->id, 1, 0, err) == -1)
		return -1;
	if (d->check != NULL && d->check(&g, d->check_arg, err) == -1)
		return -1;
	return db_group_delete(c, d->actor->org_id, d->id, err);
}

int
dom_group_delete(struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id,
    int (*check)(const struct group_row *, void *, struct err *), void *arg,
    struct err *err)
{
	struct delete_arg	d = { a, actor, id, check, arg };

	return db_tx_run(c, 0, delete_tx, &d, err);
}
