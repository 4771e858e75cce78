/* SPDX-License-Identifier: MIT */
/*
 * domain/member.c
 *
 * The membership lifecycle over storage/: what each write means, in one
 * transaction with its audit event.
 */
#include "domain/member.h"

#include <stdio.h>
#include <string.h>

#include "domain/secret.h"
#include "storage/db.h"
#include "storage/member.h"
#include "storage/org.h"

int
dom_auth_token(struct dom_actor *out, struct db_conn *c, struct arena *a,
    const char *token, size_t len, struct err *err)
{
	struct db_token	t;
	char		hash[DOM_SECRET_HASH_HEX];

	if (len == 0 || len > 512)
		return err_set(err, 401, ST_NONE, "invalid or revoked bearer token");
	dom_secret_hash(hash, token, len);
	if (db_ensure(c, err) == -1 || db_token_auth(&t, c, a, hash, err) == -1)
		return -1;
	out->org_id = t.org_id;
	out->token_id = t.id;
	out->token_admin = t.created_by_member;
	return 0;
}

static void
audit_from(struct db_audit *e, const struct dom_actor *actor,
    const struct member_row *m, const struct dom_member_facts *f,
    const char *action)
{
	memset(e, 0, sizeof(*e));
	e->org_id = actor->org_id;
	e->action = action;
	e->actor_token_id = actor->token_id;
	e->actor_member_id = actor->token_admin;
	e->target_member_id = m->id;
	e->person_id = m->person_id;
	e->target_user_name = m->user_name;
	e->target_email = f ? f->primary_email : NULL;
}

struct provision_arg {
	struct member_row		*out;
	struct arena			*a;
	const struct dom_actor		*actor;
	const struct dom_member_facts	*f;
};

static int
write_of(struct db_member_write *w, const struct dom_member_facts *f,
    const char *person_id)
{
	memset(w, 0, sizeof(*w));
	w->person_id = person_id;
	w->user_name = f->user_name;
	w->external_id = f->external_id;
	w->display_name = f->display_name;
	w->emails = f->emails;
	w->nemails = f->nemails;
	w->active = f->active;
	w->resource = f->resource;
	return 0;
}

static int
provision_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct provision_arg	*p = arg;
	struct db_member_write	 w;
	struct db_audit		 e;
	const char		*person = NULL;
	const char		*email = p->f->primary_email;

	/* The person is found again by email, so the audit trail links a
	 * re-provisioned member to the one removed before. */
	if (email == NULL && strchr(p->f->user_name, '@') != NULL)
		email = p->f->user_name;
	if (db_person_upsert(&person, c, p->a, email, err) == -1)
		return -1;
	write_of(&w, p->f, person);
	w.role = "member";
	if (db_member_insert(p->out, c, p->a, p->actor->org_id, &w, err) == -1)
		return -1;
	audit_from(&e, p->actor, p->out, p->f, "member.provisioned");
	return db_audit_insert(c, &e, err);
}

int
dom_member_provision(struct member_row *out, struct db_conn *c,
    struct arena *a, const struct dom_actor *actor,
    const struct dom_member_facts *f, struct err *err)
{
	struct provision_arg	p = { out, a, actor, f };

	return db_tx_run(c, 0, provision_tx, &p, err);
}

int
dom_member_get(struct member_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, struct err *err)
{
	return db_member_get(out, c, a, actor->org_id, id, 0, err);
}

int
dom_member_list(struct member_row **rows, size_t *n, long long *total,
    struct db_conn *c, struct arena *a, const struct dom_actor *actor,
    const struct member_query *q, struct err *err)
{
	return db_member_list(rows, n, total, c, a, actor->org_id, q, err);
}

struct update_arg {
	struct member_row	*out;
	struct arena		*a;
	const struct dom_actor	*actor;
	const char		*id;
	dom_member_transform	 fn;
	void			*fn_arg;
};

static int
update_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct update_arg	*u = arg;
	struct member_row	 before;
	struct dom_member_facts	 after;
	struct db_member_write	 w;
	struct db_audit		 e;
	long long		 revoked = 0;
	char			 detail[96];
	const char		*action = "member.updated";

	if (db_member_get(&before, c, u->a, u->actor->org_id, u->id, 1, err) == -1)
		return -1;
	memset(&after, 0, sizeof(after));
	if (u->fn(&after, &before, u->a, u->fn_arg, err) == -1)
		return -1;
	write_of(&w, &after, before.person_id);
	if (db_member_update(u->out, c, u->a, u->actor->org_id, u->id, &w,
	    err) == -1)
		return -1;
	detail[0] = '\0';
	if (before.active && !after.active) {
		/* A leaver loses access now, not when a session expires. */
		if (db_sessions_revoke(&revoked, c, u->id, err) == -1)
			return -1;
		action = "member.deactivated";
		snprintf(detail, sizeof(detail), "{\"sessions_revoked\":%lld}",
		    revoked);
	} else if (!before.active && after.active) {
		action = "member.reactivated";
	}
	audit_from(&e, u->actor, u->out, &after, action);
	e.detail = detail[0] ? detail : NULL;
	return db_audit_insert(c, &e, err);
}

int
dom_member_update(struct member_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, dom_member_transform fn,
    void *arg, struct err *err)
{
	struct update_arg	u = { out, a, actor, id, fn, arg };

	return db_tx_run(c, 0, update_tx, &u, err);
}

struct remove_arg {
	struct arena		*a;
	const struct dom_actor	*actor;
	const char		*id;
	dom_member_check	 check;
	void			*check_arg;
};

static int
remove_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct remove_arg	*r = arg;
	struct member_row	 m;
	struct db_audit		 e;
	long long		 sessions = 0, groups = 0;
	char			 detail[128];

	if (db_member_get(&m, c, r->a, r->actor->org_id, r->id, 1, err) == -1)
		return -1;
	if (r->check != NULL && r->check(&m, r->check_arg, err) == -1)
		return -1;
	if (db_member_soft_delete(&m, c, r->a, r->actor->org_id, r->id, err) == -1 ||
	    db_sessions_revoke(&sessions, c, r->id, err) == -1 ||
	    db_group_memberships_revoke(&groups, c, r->id, err) == -1)
		return -1;
	snprintf(detail, sizeof(detail),
	    "{\"sessions_revoked\":%lld,\"groups_revoked\":%lld}",
	    sessions, groups);
	audit_from(&e, r->actor, &m, NULL, "member.removed");
	e.detail = detail;
	return db_audit_insert(c, &e, err);
}

int
dom_member_remove(struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, dom_member_check check,
    void *arg, struct err *err)
{
	struct remove_arg	r = { a, actor, id, check, arg };

	return db_tx_run(c, 0, remove_tx, &r, err);
}
