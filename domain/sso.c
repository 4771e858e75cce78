/* SPDX-License-Identifier: MIT */
/*
 * domain/sso.c
 *
 * Sign-in and just-in-time provisioning. JIT follows the same rules as a
 * SCIM provision (org lock, verified domain, seats, audit), with JIT
 * enabled on the domain as the extra condition.
 */
#include "domain/sso.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/base/log.h"
#include "domain/guard.h"
#include "domain/secret.h"
#include "storage/db.h"
#include "storage/lifecycle.h"
#include "storage/member.h"
#include "storage/session.h"

struct login_arg {
	struct dom_session	*out;
	struct arena		*a;
	const char		*secret_hash;
	const char		*email;
	const char		*subject;
	const char		*org_id;
};

static int
jit_provision(struct member_row *out, struct db_conn *c, struct login_arg *l,
    const struct db_org_policy *pol, struct err *err)
{
	struct db_member_write	 w;
	struct dom_audit	 e;
	struct dom_actor	 actor = { .org_id = l->org_id };
	const char		*domain = dom_guard_email_domain(l->email, NULL);
	const char		*person, *emails[1];
	char			*esc, *res;
	long long		 used;
	int			 verified, jit;
	size_t			 n = 0;

	if (db_domain_status(&verified, &jit, c, l->org_id, domain, err) == -1)
		return -1;
	if (!verified || !jit)
		return err_set(err, 403, ST_NONE,
		    "invitation required: %s is not a member and its domain does "
		    "not allow just-in-time sign-up", l->email);
	if (pol->seat_limit >= 0 &&
	    (db_seats_used(&used, c, l->org_id, err) == -1 ||
	    dom_guard_seat(used, pol->seat_limit, err) == -1))
		return -1;
	/* Room for every byte escaped as \uXXXX: never truncated. */
	esc = arena_alloc(l->a, 6 * strlen(l->email) + 8);
	log_json_escape(esc, 6 * strlen(l->email) + 8, &n, l->email);
	res = arena_printf(l->a, "{\"userName\":\"%s\",\"active\":true,"
	    "\"emails\":[{\"value\":\"%s\",\"type\":\"work\",\"primary\":true}]}",
	    esc, esc);
	if (db_person_upsert(&person, c, l->a, l->email, err) == -1)
		return -1;
	emails[0] = l->email;
	memset(&w, 0, sizeof(w));
	w.person_id = person;
	w.user_name = l->email;
	w.email = l->email;
	w.emails = emails;
	w.nemails = 1;
	w.active = 1;
	w.role = "member";
	w.resource = res;
	if (db_member_insert(out, c, l->a, l->org_id, &w, err) == -1)
		return -1;
	dom_audit_init(&e, &actor, "member.provisioned");
	dom_audit_target(&e, out, l->email);
	dom_audit_add_str(&e, "via", "jit");
	dom_audit_add_str(&e, "role", "member");
	return dom_audit_write(c, &e, err);
}

static int
find(struct member_row *out, struct db_conn *c, struct login_arg *l,
    struct err *err)
{
	return db_member_for_login(out, c, l->a, l->org_id, l->email, err);
}

static int
login_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct login_arg	*l = arg;
	struct db_org_policy	 pol;
	char			 hash[DOM_SECRET_HASH_HEX];
	char			*token = arena_alloc(l->a, DOM_SECRET_LEN);
	const char		*sid;

	l->out->provisioned = 0;
	if (db_org_by_sso_secret(&l->org_id, c, l->a, l->secret_hash, err) == -1)
		return -1;
	if (find(&l->out->member, c, l, err) == -1) {
		if (err->status != 404)
			return -1;
		/*
		 * The org lock orders sign-ins of one org (and counts seats).
		 * SCIM provisioning does not take it: when its member of the
		 * same person commits first, the insert here waits for it and
		 * fails on the userName, and the rerun signs in as that
		 * member. One membership, and one error at most (the SCIM
		 * POST's 409 when the sign-in came first).
		 */
		err_clear(err);
		if (db_org_lock(&pol, c, l->org_id, err) == -1)
			return -1;
		if (find(&l->out->member, c, l, err) == -1) {
			if (err->status != 404)
				return -1;
			err_clear(err);
			if (jit_provision(&l->out->member, c, l, &pol, err) == -1) {
				if (err->type == ST_UNIQUENESS)
					err->retry = ERR_RETRY_TX;
				return -1;
			}
			l->out->provisioned = 1;
		}
	}
	if (!l->out->member.active)
		return err_set(err, 403, ST_NONE, "member %s is deactivated",
		    l->email);
	/* Sign-ins sweep: expired sessions go at the pace they are made. */
	if (db_session_sweep(c, l->org_id, err) == -1 ||
	    dom_secret_new(token, "sess", err) == -1)
		return -1;
	dom_secret_hash(hash, token, strlen(token));
	if (db_session_insert(&sid, c, l->a, l->org_id, l->out->member.id, hash,
	    err) == -1)
		return -1;
	l->out->token = token;
	return 0;
}

int
dom_sso_login(struct dom_session *out, struct db_conn *c, struct arena *a,
    const char *sso_secret, size_t secret_len, const char *email,
    const char *subject, struct err *err)
{
	struct login_arg	 l;
	char			*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);

	if (dom_guard_email_domain(email, NULL) == NULL || strlen(email) > 320)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"email\" must be an email address");
	if (secret_len == 0 || secret_len > 512)
		return err_set(err, 401, ST_NONE, "invalid SSO secret");
	dom_secret_hash(hash, sso_secret, secret_len);
	memset(&l, 0, sizeof(l));
	memset(out, 0, sizeof(*out));
	l.out = out;
	l.a = a;
	l.secret_hash = hash;
	l.email = email;
	l.subject = subject;
	return db_tx_run(c, 0, login_tx, &l, err);
}

int
dom_sso_session(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *token, size_t len, struct err *err)
{
	char	hash[DOM_SECRET_HASH_HEX];

	if (len == 0 || len > 512)
		return err_set(err, 401, ST_NONE, "session is not valid");
	dom_secret_hash(hash, token, len);
	if (db_ensure(c, err) == -1)
		return -1;
	return db_session_member(out, c, a, hash, err);
}

struct rotate_arg {
	const char	*org_id;
	const char	*hash;
};

static int
rotate_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct rotate_arg	*r = arg;
	struct dom_audit	 e;

	if (db_org_set_sso_secret(c, r->org_id, r->hash, err) == -1)
		return -1;
	dom_audit_init(&e, NULL, "sso_secret.rotated");
	dom_audit_org(&e, r->org_id);
	return dom_audit_write(c, &e, err);
}

int
dom_sso_secret_rotate(const char **secret, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	char			*s = arena_alloc(a, DOM_SECRET_LEN);
	char			*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);
	struct rotate_arg	 r = { org_id, hash };

	if (dom_secret_new(s, "sso", err) == -1)
		return -1;
	dom_secret_hash(hash, s, strlen(s));
	if (db_tx_run(c, 0, rotate_tx, &r, err) == -1)
		return -1;
	*secret = s;
	return 0;
}
