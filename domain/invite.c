/* SPDX-License-Identifier: MIT */
/*
 * domain/invite.c
 *
 * The operator's side of email invitations: invite (one or many
 * addresses, a re-invite when one is pending), re-invite by id, cancel,
 * list, and the org's policy on invited outsiders. Each action is one
 * transaction; every change is audited. Links are domain/invite_link.c,
 * acceptance domain/invite_accept.c.
 */
#include "domain/invite_int.h"

#include <string.h>

#include "domain/admin_int.h"
#include "domain/audit.h"
#include "domain/base/casefold.h"
#include "storage/admin.h"
#include "storage/db.h"
#include "storage/invite.h"
#include "storage/member.h"
#include "storage/session.h"

struct create_arg {
	struct dom_invite_issued	*out;
	struct arena			*a;
	const char			*org_id;
	const struct dom_invite_new	*in;
	size_t				 n;
	const char			*inviter;	/* id or userName */
	const char			*accept_base;
};

/* An invitation event, aimed at the address (there is no member yet). */
static void
invite_event(struct dom_audit *e, const char *org_id, const char *action,
    const struct invite_row *r)
{
	dom_admin_event(e, org_id, action);
	e->ev.target_email = r->email;
	dom_audit_add_str(e, "invitation_id", r->id);
}

/* Ends the pending invitation of the address, if any: a re-invite. */
static int
replace_pending(const char **old, struct db_conn *c, struct arena *a,
    const char *org_id, const char *email, struct err *err)
{
	struct invite_row	r;
	struct dom_audit	e;
	int			found;

	*old = NULL;
	if (db_invite_pending_of(&r, &found, c, a, org_id, email, NULL,
	    err) == -1)
		return -1;
	if (!found)
		return 0;
	if (db_invite_end(c, r.id, "reinvited", NULL, NULL, NULL, err) == -1)
		return -1;
	invite_event(&e, org_id, "invitation.cancelled", &r);
	dom_audit_add_str(&e, "reason", "reinvited");
	*old = r.id;
	return dom_audit_write(c, &e, err);
}

/* Issues one invitation inside the caller's transaction. */
static int
issue(struct dom_invite_issued *out, struct db_conn *c, struct arena *a,
    const char *org_id, const struct dom_invite_new *in,
    const char *inviter_id, const char *accept_base, struct err *err)
{
	struct db_invite_write	 w;
	struct dom_invite_token	 t;
	struct member_row	 m;
	struct dom_audit	 e;

	if (db_member_for_login(&m, c, a, org_id, in->email, err) == 0)
		return err_set(err, 409, ST_NONE,
		    "%.64s is already a member of the organization", in->email);
	if (err->status != 404)
		return -1;
	err_clear(err);
	if (replace_pending(&out->replaced, c, a, org_id, in->email, err) == -1 ||
	    dom_invite_token_new(&t, a, DOM_INVITE_PREFIX, err) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	w.email = in->email;
	w.role = in->role;
	w.selector = t.selector;
	w.hash_hex = t.hash;
	w.invited_by = inviter_id;
	w.ttl_seconds = (long)DOM_INVITE_TTL_DAYS * 24 * 3600;
	if (db_invite_insert(&out->row, c, a, org_id, &w, err) == -1) {
		/* A concurrent invite of the address: rerun and replace it. */
		if (err->type == ST_UNIQUENESS)
			err->retry = ERR_RETRY_TX;
		return -1;
	}
	if (out->replaced != NULL &&
	    db_invite_replaced(c, out->replaced, out->row.id, err) == -1)
		return -1;
	out->token = t.token;
	out->accept_url = dom_invite_accept_url(a, accept_base, t.token);
	invite_event(&e, org_id, "invitation.created", &out->row);
	dom_audit_add_str(&e, "role", in->role);
	dom_audit_add_str(&e, "expires", out->row.expires);
	/* The trail keeps where to accept, never the token: it is a credential. */
	dom_audit_add_str(&e, "accept_url",
	    dom_invite_accept_url(a, accept_base, "…"));
	if (inviter_id != NULL)
		dom_audit_add_str(&e, "invited_by", inviter_id);
	if (out->replaced != NULL)
		dom_audit_add_str(&e, "replaces", out->replaced);
	return dom_audit_write(c, &e, err);
}

static int
create_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct create_arg	*x = arg;
	struct db_org_policy	 pol;
	struct member_row	 inviter;
	const char		*inviter_id = NULL;
	size_t			 i;

	if (dom_admin_lock(&pol, c, x->org_id, err) == -1)
		return -1;
	if (x->inviter != NULL) {
		if (dom_admin_member(&inviter, c, x->a, x->org_id, x->inviter,
		    err) == -1)
			return -1;
		inviter_id = inviter.id;
	}
	for (i = 0; i < x->n; i++) {
		memset(&x->out[i], 0, sizeof(x->out[i]));
		if (issue(&x->out[i], c, x->a, x->org_id, &x->in[i], inviter_id,
		    x->accept_base, err) == -1)
			return -1;
	}
	return 0;
}

int
dom_invite_create(struct dom_invite_issued **out, struct db_conn *c,
    struct arena *a, const char *org_id, const struct dom_invite_new *in,
    size_t n, const char *inviter, const char *accept_base, struct err *err)
{
	struct create_arg	x = { NULL, a, org_id, in, n, inviter,
				    accept_base };
	size_t			i, j;

	if (n == 0 || n > DOM_INVITE_MAX_BATCH)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invite 1 to %d addresses at once, not %zu",
		    DOM_INVITE_MAX_BATCH, n);
	for (i = 0; i < n; i++) {
		if (dom_invite_email_valid(in[i].email, err) == -1 ||
		    dom_invite_role_valid(in[i].role, err) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (cf_equal(in[i].email, in[j].email))
				return err_set(err, 400, ST_INVALID_VALUE,
				    "%.64s is listed twice", in[i].email);
	}
	x.out = arena_alloc(a, n * sizeof(*x.out));
	if (db_tx_run(c, 0, create_tx, &x, err) == -1)
		return -1;
	*out = x.out;
	return 0;
}

struct one_arg {
	struct dom_invite_issued	*out;
	struct arena			*a;
	const char			*org_id;
	const char			*id;
	const char			*role;
	const char			*accept_base;
};

static int
reinvite_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct one_arg		*x = arg;
	struct db_org_policy	 pol;
	struct invite_row	 r;
	struct dom_invite_new	 in;

	if (dom_admin_lock(&pol, c, x->org_id, err) == -1 ||
	    db_invite_get(&r, c, x->a, x->org_id, x->id, 1, err) == -1)
		return -1;
	if (strcmp(r.state, "accepted") == 0)
		return err_set(err, 409, ST_NONE,
		    "the invitation was accepted; there is nothing to re-invite");
	in.email = r.email;
	in.role = x->role != NULL ? x->role : r.role;
	memset(x->out, 0, sizeof(*x->out));
	return issue(x->out, c, x->a, x->org_id, &in, r.invited_by,
	    x->accept_base, err);
}

int
dom_invite_reinvite(struct dom_invite_issued *out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *id, const char *role,
    const char *accept_base, struct err *err)
{
	struct one_arg	x = { out, a, org_id, id, role, accept_base };

	if (role != NULL && dom_invite_role_valid(role, err) == -1)
		return -1;
	return db_tx_run(c, 0, reinvite_tx, &x, err);
}

static int
cancel_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct one_arg		*x = arg;
	struct invite_row	 r;
	struct dom_audit	 e;

	if (db_invite_get(&r, c, x->a, x->org_id, x->id, 1, err) == -1)
		return -1;
	if (strcmp(r.state, "pending") != 0)
		return err_set(err, 409, ST_NONE,
		    "the invitation is %s, not pending", r.state);
	if (db_invite_end(c, r.id, "cancelled", NULL, NULL, NULL, err) == -1)
		return -1;
	invite_event(&e, x->org_id, "invitation.cancelled", &r);
	dom_audit_add_str(&e, "reason", "cancelled");
	return dom_audit_write(c, &e, err);
}

int
dom_invite_cancel(struct db_conn *c, struct arena *a, const char *org_id,
    const char *id, struct err *err)
{
	struct one_arg	x = { NULL, a, org_id, id, NULL, NULL };

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	return db_tx_run(c, 0, cancel_tx, &x, err);
}

int
dom_invite_list(struct invite_row **out, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*name;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	if (db_org_name(&name, c, a, org_id, err) == -1)
		return -1;
	return db_invite_list(out, n, c, a, org_id, err);
}

int
dom_invite_policy_set(struct db_conn *c, const char *org_id,
    int admit_outsiders, struct err *err)
{
	return db_org_set_invites_admit_outsiders(c, org_id, admit_outsiders,
	    err);
}
