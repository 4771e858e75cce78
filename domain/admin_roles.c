/* SPDX-License-Identifier: MIT */
/*
 * domain/admin_roles.c
 *
 * Operator role changes: ownership transfer, a member's role, the role a
 * group grants. Each takes the org lock and counts managers before and
 * after, exactly as SCIM changes do (domain/guard.c), so the owner and
 * last-manager guards hold whichever path changes a role.
 */
#include "domain/admin_int.h"

#include <string.h>

#include "domain/guard.h"
#include "storage/admin.h"
#include "storage/db.h"
#include "storage/org.h"

struct transfer_arg {
	struct arena				*a;
	const struct dom_ownership_transfer	*in;
	struct member_row			 to;
	struct admin_target			 who;
};

/*
 * The former owner becomes an admin: a role change of its own, with its
 * event, so a consumer that follows roles does not keep two owners.
 */
static int
demote_owner(struct db_conn *c, struct arena *a, const char *org_id,
    const char *from, struct err *err)
{
	struct member_row	m;
	struct dom_audit	e;

	if (dom_admin_member(&m, c, a, org_id, from, err) == -1 ||
	    db_member_set_role(c, from, "admin", err) == -1)
		return -1;
	dom_admin_event(&e, org_id, "member.role_changed");
	dom_audit_target(&e, &m, NULL);
	dom_audit_add_str(&e, "role_from", "owner");
	dom_audit_add_str(&e, "role_to", "admin");
	dom_audit_add_str(&e, "via", "ownership.transferred");
	return dom_audit_write(c, &e, err);
}

static int
transfer_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct transfer_arg	*x = arg;
	const char		*org_id = x->in->org_id, *from;
	struct db_org_policy	 pol;
	struct dom_audit	 e;

	if (dom_admin_lock(&pol, c, org_id, err) == -1 ||
	    dom_admin_member(&x->to, c, x->a, org_id, x->in->to, err) == -1)
		return -1;
	x->who.member = &x->to;
	if (!x->to.active)
		return err_set(err, 409, ST_NONE,
		    "ownership cannot go to a deactivated member");
	if (db_org_owner(&from, c, x->a, org_id, err) == -1)
		return -1;
	if (from != NULL && strcmp(from, x->to.id) == 0)
		return 0;
	if (from != NULL && demote_owner(c, x->a, org_id, from, err) == -1)
		return -1;
	if (db_member_set_role(c, x->to.id, "owner", err) == -1 ||
	    db_member_touch(c, x->to.id, err) == -1)
		return -1;
	dom_admin_event(&e, org_id, "ownership.transferred");
	dom_audit_target(&e, &x->to, NULL);
	if (from != NULL)
		dom_audit_add_str(&e, "from_member", from);
	dom_audit_add_str(&e, "to_member", x->to.id);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_transfer_ownership(struct db_conn *c, struct arena *a,
    const struct dom_ownership_transfer *in, struct err *err)
{
	struct transfer_arg	x;

	memset(&x, 0, sizeof(x));
	x.a = a;
	x.in = in;
	return dom_admin_tx(c, in->org_id, transfer_tx, &x, &x.who, err);
}

/*
 * Applies a role change between two manager counts and lets the guards
 * decide on the difference (a demotion of the last manager is refused).
 */
static int
guarded(struct db_conn *c, const char *org_id,
    int (*change)(struct db_conn *, void *, struct err *), void *arg,
    struct err *err)
{
	struct dom_guard_facts	g;

	memset(&g, 0, sizeof(g));
	g.t = DOM_T_DEMOTE;
	if (db_managers_count(&g.managers_before, c, org_id, err) == -1 ||
	    change(c, arg, err) == -1 ||
	    db_managers_count(&g.managers_after, c, org_id, err) == -1)
		return -1;
	return dom_guard_check(&g, err);
}

struct member_role_arg {
	struct arena				*a;
	const struct dom_member_role_change	*in;
	struct member_row			 m;
	struct admin_target			 who;
};

static int
set_member_role(struct db_conn *c, void *arg, struct err *err)
{
	struct member_role_arg	*x = arg;

	return db_member_set_role(c, x->m.id, x->in->role, err);
}

static int
member_role_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct member_role_arg	*x = arg;
	const char		*org_id = x->in->org_id;
	struct db_org_policy	 pol;
	struct dom_audit	 e;

	if (dom_admin_lock(&pol, c, org_id, err) == -1 ||
	    dom_admin_member(&x->m, c, x->a, org_id, x->in->member, err) == -1)
		return -1;
	x->who.member = &x->m;
	if (strcmp(x->m.role, "owner") == 0)
		return err_set(err, 409, ST_NONE,
		    "the organization owner cannot be demoted; transfer "
		    "ownership first");
	if (strcmp(x->m.role, x->in->role) == 0)
		return 0;
	if (guarded(c, org_id, set_member_role, x, err) == -1)
		return -1;
	dom_admin_event(&e, org_id, "member.role_changed");
	dom_audit_target(&e, &x->m, NULL);
	dom_audit_add_str(&e, "role_from", x->m.role);
	dom_audit_add_str(&e, "role_to", x->in->role);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_member_role(struct db_conn *c, struct arena *a,
    const struct dom_member_role_change *in, struct err *err)
{
	struct member_role_arg	x;

	if (in->role == NULL || (strcmp(in->role, "admin") != 0 &&
	    strcmp(in->role, "member") != 0 && strcmp(in->role, "viewer") != 0))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "role must be \"admin\", \"member\" or \"viewer\"");
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.in = in;
	return dom_admin_tx(c, in->org_id, member_role_tx, &x, &x.who, err);
}

struct group_role_arg {
	struct arena				*a;
	const struct dom_group_role_change	*in;
	struct admin_target			 who;
};

static int
set_group_role(struct db_conn *c, void *arg, struct err *err)
{
	struct group_role_arg	*x = arg;

	/* Its members become managers: see domain/member.c on locks. */
	if (x->in->role != NULL && strcmp(x->in->role, "admin") == 0 &&
	    db_group_members_share_lock(c, x->in->group_id, err) == -1)
		return -1;
	if (db_group_set_role(&x->who.group_name, c, x->a, x->in->org_id,
	    x->in->group_id, x->in->role, err) == -1)
		return -1;
	x->who.group_id = x->in->group_id;
	return 0;
}

static int
group_role_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct group_role_arg	*x = arg;
	const char		*org_id = x->in->org_id;
	struct db_org_policy	 pol;
	struct dom_audit	 e;

	if (dom_admin_lock(&pol, c, org_id, err) == -1 ||
	    guarded(c, org_id, set_group_role, x, err) == -1)
		return -1;
	dom_admin_event(&e, org_id, "group.role_changed");
	dom_audit_add_str(&e, "group", x->in->group_id);
	dom_audit_add_str(&e, "role", x->in->role ? x->in->role : "none");
	return dom_audit_write(c, &e, err);
}

int
dom_admin_group_role(struct db_conn *c, struct arena *a,
    const struct dom_group_role_change *in, struct err *err)
{
	struct group_role_arg	x;

	if (in->role != NULL && strcmp(in->role, "admin") != 0 &&
	    strcmp(in->role, "member") != 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "role must be \"admin\", \"member\" or none");
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.in = in;
	return dom_admin_tx(c, in->org_id, group_role_tx, &x, &x.who, err);
}
