/* SPDX-License-Identifier: MIT */
/*
 * domain/invite_accept.c
 *
 * Joining through an invitation or link, and where invitations meet the
 * other ways in: a SCIM provision consuming a pending invitation, and a
 * removal ending the links the removed member created.
 *
 * Locks. An acceptance takes the org lock first (the order of every
 * guarded change, and the lock JIT sign-in takes), then the invitation
 * or link row. Two acceptances of one invitation, or N+1 uses of a link
 * limited to N, from any number of scimd processes, are therefore
 * decided one after the other on rows that the previous one committed.
 */
#include "domain/invite_int.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/base/log.h"
#include "domain/guard.h"
#include "storage/db.h"
#include "storage/invite.h"
#include "storage/lifecycle.h"
#include "storage/member.h"
#include "storage/org.h"
#include "storage/session.h"

struct accept_arg {
	struct dom_session		*out;
	struct arena			*a;
	const char			*secret_hash;
	const struct dom_invite_token	*t;
	int				 is_link;
	const char			*email;
	const char			*org_id;
	struct invite_row		 inv;
	struct invite_link_row		 link;
};

/*
 * The domain rule for an invited address: a verified domain of the org
 * admits it; outside those, the org's policy says whether an invitation
 * is the exception (allow_outside_members admits everyone anyway).
 */
static int
check_domain(struct db_conn *c, const struct db_org_policy *pol,
    const char *org_id, const char *email, struct err *err)
{
	int	verified, jit, admit;

	if (pol->allow_outside_members)
		return 0;
	if (db_domain_status(&verified, &jit, c, org_id,
	    dom_guard_email_domain(email, NULL), err) == -1)
		return -1;
	if (verified)
		return 0;
	if (db_org_invites_admit_outsiders(&admit, c, org_id, err) == -1)
		return -1;
	if (!admit)
		return err_set(err, 403, ST_NONE,
		    "wrong domain: %.64s is outside the organization's verified "
		    "domains, and its policy does not let invitations admit "
		    "outside addresses", email);
	return 0;
}

/* Loads the invitation or link of the token, locked, and judges it. */
static int
load_and_judge(struct accept_arg *x, struct db_conn *c, struct err *err)
{
	const char	*org, *stored;

	if (x->is_link) {
		if (db_link_by_selector(&x->link, c, x->a, x->t->selector,
		    err) == -1)
			return -1;
		org = x->link.org_id;
		stored = x->link.token_hash;
	} else {
		if (db_invite_by_selector(&x->inv, c, x->a, x->t->selector,
		    err) == -1)
			return -1;
		org = x->inv.org_id;
		stored = x->inv.token_hash;
	}
	if (!dom_invite_token_matches(stored, x->t->hash) ||
	    strcmp(org, x->org_id) != 0)
		return err_set(err, 404, ST_NONE, "invitation not found");
	return x->is_link ? dom_invite_link_verdict(&x->link, x->email, err) :
	    dom_invite_verdict(&x->inv, x->email, err);
}

/* The new member's stored resource: userName and primary email. */
static const char *
resource_of(struct arena *a, const char *email)
{
	size_t	n = 0, cap = 6 * strlen(email) + 8;
	char	*esc = arena_alloc(a, cap);

	log_json_escape(esc, cap, &n, email);
	return arena_printf(a, "{\"userName\":\"%s\",\"active\":true,"
	    "\"emails\":[{\"value\":\"%s\",\"type\":\"work\",\"primary\":true}]}",
	    esc, esc);
}

static int
join(struct member_row *m, struct accept_arg *x, struct db_conn *c,
    struct err *err)
{
	struct db_member_write	 w;
	const char		*person, *emails[1] = { x->email };

	if (db_person_upsert(&person, c, x->a, x->email, err) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	w.person_id = person;
	w.user_name = x->email;
	w.email = x->email;
	w.emails = emails;
	w.nemails = 1;
	w.active = 1;
	w.role = x->is_link ? x->link.role : x->inv.role;
	w.resource = resource_of(x->a, x->email);
	if (db_member_insert(m, c, x->a, x->org_id, &w, err) == -1) {
		/* A SCIM provision of the address got in first: rerun. */
		if (err->type == ST_UNIQUENESS)
			err->retry = ERR_RETRY_TX;
		return -1;
	}
	return 0;
}

/* Marks the invitation used or counts the link's use; audits both. */
static int
record(struct accept_arg *x, const struct member_row *m, struct db_conn *c,
    struct err *err)
{
	struct dom_actor	actor = { .org_id = x->org_id };
	struct dom_audit	e;

	dom_audit_init(&e, &actor, "member.provisioned");
	dom_audit_target(&e, m, x->email);
	dom_audit_add_str(&e, "via", x->is_link ? "invite_link" : "invitation");
	dom_audit_add_str(&e, "role", m->role);
	if (dom_audit_write(c, &e, err) == -1)
		return -1;
	if (x->is_link) {
		if (db_link_use(c, x->link.id, err) == -1)
			return -1;
		dom_audit_init(&e, &actor, "invite_link.used");
		dom_audit_add_str(&e, "invite_link_id", x->link.id);
		dom_audit_add_int(&e, "uses", x->link.uses + 1);
	} else {
		if (db_invite_end(c, x->inv.id, "accepted", m->id, "invitation",
		    NULL, err) == -1)
			return -1;
		dom_audit_init(&e, &actor, "invitation.accepted");
		dom_audit_add_str(&e, "invitation_id", x->inv.id);
		dom_audit_add_str(&e, "via", "invitation");
	}
	dom_audit_target(&e, m, x->email);
	return dom_audit_write(c, &e, err);
}

static int
accept_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct accept_arg	*x = arg;
	struct db_org_policy	 pol;
	struct member_row	*m = &x->out->member;
	char			 hash[DOM_SECRET_HASH_HEX];
	char			*token = arena_alloc(x->a, DOM_SECRET_LEN);
	const char		*sid;
	long long		 used;

	if (db_org_by_sso_secret(&x->org_id, c, x->a, x->secret_hash,
	    err) == -1 || db_org_lock(&pol, c, x->org_id, err) == -1 ||
	    load_and_judge(x, c, err) == -1)
		return -1;
	if (db_member_for_login(m, c, x->a, x->org_id, x->email, err) == 0)
		return err_set(err, 409, ST_NONE,
		    "already a member: %.64s is a member of the organization",
		    x->email);
	if (err->status != 404)
		return -1;
	err_clear(err);
	/* A pending invitation holds no seat: the seat is taken now. */
	if (check_domain(c, &pol, x->org_id, x->email, err) == -1 ||
	    (pol.seat_limit >= 0 &&
	    (db_seats_used(&used, c, x->org_id, err) == -1 ||
	    dom_guard_seat(used, pol.seat_limit, err) == -1)) ||
	    join(m, x, c, err) == -1 || record(x, m, c, err) == -1 ||
	    dom_secret_new(token, "sess", err) == -1)
		return -1;
	dom_secret_hash(hash, token, strlen(token));
	if (db_session_insert(&sid, c, x->a, x->org_id, m->id, hash, err) == -1)
		return -1;
	x->out->token = token;
	x->out->provisioned = 1;
	return 0;
}

int
dom_invite_accept(struct dom_session *out, struct db_conn *c, struct arena *a,
    const char *sso_secret, size_t secret_len, const char *token,
    const char *email, const char *subject, struct err *err)
{
	struct dom_invite_token	 t;
	struct accept_arg	 x;
	char			*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);

	(void)subject;
	if (secret_len == 0 || secret_len > 512)
		return err_set(err, 401, ST_NONE, "invalid SSO secret");
	if (dom_invite_email_valid(email, err) == -1)
		return -1;
	memset(&x, 0, sizeof(x));
	if (dom_invite_token_read(&t, &x.is_link, a, token, err) == -1)
		return -1;
	dom_secret_hash(hash, sso_secret, secret_len);
	memset(out, 0, sizeof(*out));
	x.out = out;
	x.a = a;
	x.secret_hash = hash;
	x.t = &t;
	x.email = email;
	return db_tx_run(c, 0, accept_tx, &x, err);
}

int
dom_invite_consume_for_provision(struct member_row *m, struct db_conn *c,
    struct arena *a, const struct dom_actor *actor, const char *email,
    const char *role_asked, struct err *err)
{
	struct invite_row	r;
	struct dom_audit	e;
	int			found = 0;

	if (db_invite_pending_of(&r, &found, c, a, m->org_id, m->user_name,
	    email, err) == -1)
		return -1;
	/* An expired invitation grants nothing; it stays as it is. */
	if (!found || r.expired)
		return 0;
	if (db_invite_end(c, r.id, "accepted", m->id, "scim", NULL, err) == -1)
		return -1;
	if (role_asked == NULL && strcmp(m->role, r.role) != 0) {
		if (db_member_set_role(c, m->id, r.role, err) == -1)
			return -1;
		m->role = r.role;
	}
	dom_audit_init(&e, actor, "invitation.accepted");
	dom_audit_target(&e, m, r.email);
	dom_audit_add_str(&e, "invitation_id", r.id);
	dom_audit_add_str(&e, "via", "scim");
	dom_audit_add_str(&e, "role", m->role);
	dom_audit_add_str(&e, "role_from", role_asked != NULL ? "idp" :
	    "invitation");
	return dom_audit_write(c, &e, err);
}

int
dom_invite_links_end_for_member(struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const struct member_row *m,
    struct err *err)
{
	struct dom_audit	 e;
	const char		**ids;
	size_t			 i, n;

	if (db_links_end_for_member(&ids, &n, c, a, m->id, err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		dom_audit_init(&e, actor, "invite_link.revoked");
		dom_audit_org(&e, m->org_id);
		dom_audit_add_str(&e, "invite_link_id", ids[i]);
		dom_audit_add_str(&e, "reason", "creator_removed");
		dom_audit_add_str(&e, "created_by", m->id);
		if (dom_audit_write(c, &e, err) == -1)
			return -1;
	}
	return 0;
}
