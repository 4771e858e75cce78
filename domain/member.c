/* SPDX-License-Identifier: MIT */
/*
 * domain/member.c
 *
 * The membership lifecycle over storage/: provision, update (with the
 * deactivation, reactivation and role change it may imply) and removal,
 * each one transaction. A refusal rolls everything back and leaves only
 * its audit event.
 *
 * Locks. The guards count across the org (managers, seats), so a change
 * that could take such a count down is decided under the org row lock,
 * one after the other, from any scimd process. Every other change locks
 * only its member row, so an org's ordinary writes commit in parallel.
 * An update or removal first locks the member alone; when the transition
 * turns out to be one a guard counts (deactivating, removing or demoting
 * a member who holds members.manage), it rolls back and runs again with
 * the org lock taken first, the order every guarded change uses, so no
 * two transactions wait on each other. Whoever makes a member a manager
 * (a role grant under the org lock, an admin group gaining them) holds
 * that member's row, so the member cannot be judged a non-manager by a
 * concurrent unlocked change while becoming one.
 */
#include "domain/member.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/base/casefold.h"
#include "domain/base/stats.h"
#include "domain/guard.h"
#include "domain/invite.h"
#include "domain/member_int.h"
#include "domain/secret.h"
#include "storage/db.h"
#include "storage/lifecycle.h"
#include "storage/member.h"
#include "storage/org.h"

struct auth_lookup {
	struct db_token	 t;
	struct arena	*a;
	const char	*hash;
};

static int
auth_body(struct db_conn *c, void *arg, struct err *err)
{
	struct auth_lookup	*l = arg;

	return db_token_auth(&l->t, c, l->a, l->hash, err);
}

int
dom_auth_token(struct dom_actor *out, struct db_conn *c, struct arena *a,
    const char *token, size_t len, struct err *err)
{
	struct auth_lookup	l = { .a = a };
	char			hash[DOM_SECRET_HASH_HEX];

	if (len == 0 || len > 512)
		return err_set(err, 401, ST_NONE, "invalid or revoked bearer token");
	dom_secret_hash(hash, token, len);
	l.hash = hash;
	/* A read, and a last_used_at touch that repeats harmlessly. */
	if (db_read_run(c, auth_body, &l, err) == -1)
		return -1;
	out->org_id = l.t.org_id;
	out->token_id = l.t.id;
	out->token_admin = l.t.created_by_member;
	out->token_admin_person = l.t.admin_person_id;
	return 0;
}

/* String equality where NULL equals only NULL. */
static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
is_manager_role(const char *role)
{
	return role != NULL && (strcmp(role, "owner") == 0 ||
	    strcmp(role, "admin") == 0);
}

int
dom_member_is_token_admin(const struct dom_actor *actor,
    const struct member_row *m)
{
	if (actor->token_admin != NULL && strcmp(actor->token_admin, m->id) == 0)
		return 1;
	return actor->token_admin_person != NULL && m->person_id != NULL &&
	    strcmp(actor->token_admin_person, m->person_id) == 0;
}

int
dom_member_needs_org_lock(int *yes, struct db_conn *c,
    const struct member_row *m, struct err *err)
{
	*yes = is_manager_role(m->role);
	if (*yes)
		return 0;
	return db_member_in_admin_group(yes, c, m->id, err);
}

int
dom_member_rerun_locked(int *org_locked, struct err *err)
{
	*org_locked = 1;
	err_set(err, 503, ST_NONE,
	    "the change needs the organization lock; retry");
	err->retry = ERR_RETRY_TX;
	return -1;
}

/* 403 for a domain (NULL: none to judge) that is not a verified one. */
static int
domain_verdict(const char *domain, int verified, struct err *err)
{
	if (domain == NULL || verified)
		return 0;
	stats_inc(STAT_GUARD_DOMAIN);
	return err_set(err, 403, ST_NONE,
	    "email domain \"%s\" is not a verified domain of the "
	    "organization", domain);
}

static int
check_one_domain(struct db_conn *c, const char *org_id, const char *domain,
    struct err *err)
{
	int	verified, jit;

	if (domain == NULL)
		return 0;
	if (db_domain_status(&verified, &jit, c, org_id, domain, err) == -1)
		return -1;
	return domain_verdict(domain, verified, err);
}

/*
 * The verified-domain rule: both the address a member signs in with
 * (userName, when it is one) and their primary email, which sign-in and
 * the person record also go by, must be in verified domains.
 */
static int
check_domains(struct db_conn *c, const struct db_org_policy *pol,
    const char *org_id, const char *user_name, const char *primary_email,
    struct err *err)
{
	if (pol->allow_outside_members)
		return 0;
	if (check_one_domain(c, org_id, dom_guard_email_domain(user_name, NULL),
	    err) == -1)
		return -1;
	return check_one_domain(c, org_id,
	    dom_guard_email_domain(NULL, primary_email), err);
}

static void
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
	w->email = f->primary_email;
	w->resource = f->resource;
}

/*
 * The address the person record is found by, so the audit trail links a
 * re-provisioned member to the one removed before. Only a real address
 * (local part @ domain) names the same person in every org: a managed
 * account's raw value ("kiosk") is unique only within its org, and
 * linking it would let erasing one org's account erase the person
 * another org's account uses. NULL: a person of the member's own.
 */
static const char *
person_key(const struct dom_member_facts *f)
{
	if (dom_guard_email_domain(NULL, f->primary_email) != NULL)
		return f->primary_email;
	if (dom_guard_email_domain(f->user_name, NULL) != NULL)
		return f->user_name;
	return NULL;
}

struct provision_arg {
	struct member_row		*out;
	struct arena			*a;
	const struct dom_actor		*actor;
	const struct dom_member_facts	*f;
	int				 refused;
};

/*
 * The domain rule and the seat limit. The policy and both domains are one
 * statement; only a seat limit, counted across the org, needs the org
 * lock, and then both rules are judged on what the lock shows.
 */
static int
provision_judge(struct db_conn *c, const char *org_id,
    const struct dom_member_facts *f, struct err *err)
{
	struct db_provision_policy	 pp;
	struct db_org_policy		 pol;
	const char	*d_user = dom_guard_email_domain(f->user_name, NULL);
	const char	*d_mail = dom_guard_email_domain(NULL, f->primary_email);
	long long	 used;

	if (db_provision_policy(&pp, c, org_id, d_user, d_mail, err) == -1)
		return -1;
	if (pp.seat_limit < 0)
		return pp.allow_outside_members ||
		    (domain_verdict(d_user, pp.verified[0], err) == 0 &&
		    domain_verdict(d_mail, pp.verified[1], err) == 0) ? 0 : -1;
	if (db_org_lock(&pol, c, org_id, err) == -1 ||
	    check_domains(c, &pol, org_id, f->user_name, f->primary_email,
	    err) == -1)
		return -1;
	/* Counting seats costs a scan of the org: only when there is a limit. */
	if (pol.seat_limit >= 0 &&
	    (db_seats_used(&used, c, org_id, err) == -1 ||
	    dom_guard_seat(used, pol.seat_limit, err) == -1))
		return -1;
	return 0;
}

/*
 * Without a seat limit or an invitation, three statements between BEGIN
 * and COMMIT: the judgement, the member with its person (and whether
 * either address has a pending invitation), the audit event with its
 * outbox event. The locked invitation lookup runs only when the insert
 * saw one: an invitation committed after the insert's snapshot is left
 * pending, as one committed after the lookup's always was (creating one
 * waits on nothing this transaction holds but the org lock, and under
 * the org lock the insert's snapshot is taken after it).
 */
static int
provision_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct provision_arg	*p = arg;
	const struct dom_member_facts *f = p->f;
	struct db_member_write	 w;
	struct dom_audit	 e;
	const char		*domain;
	const char		*email = f->primary_email;
	int			 invited;

	p->refused = 0;
	if (f->role != NULL && dom_guard_role_valid(f->role, err) == -1)
		return -1;
	if (f->role != NULL && strcmp(f->role, "owner") == 0)
		return err_set(err, 400, ST_MUTABILITY,
		    "the owner role cannot be granted through SCIM");
	if (provision_judge(c, p->actor->org_id, f, err) == -1)
		return -1;
	domain = dom_guard_email_domain(f->user_name, f->primary_email);
	if (email == NULL && domain != NULL)
		email = f->user_name;
	write_of(&w, f, NULL);
	w.role = f->role ? f->role : "member";
	w.managed = domain == NULL;
	/* The insert's hint covers the lookup's addresses: the userName and
	 * w.email (the lookup's email, or NULL when that is the userName). */
	if (db_member_insert_person(p->out, &invited, c, p->a,
	    p->actor->org_id, person_key(f), &w, err) == -1 ||
	    (invited && dom_invite_consume_for_provision(p->out, c, p->a,
	    p->actor, email, f->role, err) == -1))
		return -1;
	dom_audit_init(&e, p->actor, "member.provisioned");
	dom_audit_target(&e, p->out, email);
	dom_audit_add_str(&e, "role", p->out->role);
	if (w.managed)
		dom_audit_add_bool(&e, "managed", 1);
	return dom_audit_write(c, &e, err);
}

/* Errors that are refusals of a rule (audited) rather than bad input. */
static int
is_refusal(const struct err *e)
{
	return e->status == 403 || e->status == 409 || e->status == 429;
}

void
dom_member_refused(struct db_conn *c, const struct dom_actor *actor,
    const struct member_row *target, const char *user_name,
    const char *action, const struct err *why)
{
	if (!is_refusal(why) || why->type == ST_UNIQUENESS)
		return;
	dom_audit_refusal(c, actor, target, user_name, action, why);
}

int
dom_member_provision(struct member_row *out, struct db_conn *c,
    struct arena *a, const struct dom_actor *actor,
    const struct dom_member_facts *f, struct err *err)
{
	struct provision_arg	p = { out, a, actor, f, 0 };

	if (db_tx_run(c, 0, provision_tx, &p, err) == 0)
		return 0;
	dom_member_refused(c, actor, NULL, f->user_name, "provision", err);
	return -1;
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
	int			 org_locked;
	struct member_row	 before;	/* for the refusal's audit */
};

/* The role after the change, or -1 with err for a forbidden one. */
static int
next_role(const char **role, const struct member_row *before,
    const struct dom_member_facts *after, struct err *err)
{
	*role = before->role;
	if (after->role == NULL)
		return 0;
	if (dom_guard_role_valid(after->role, err) == -1)
		return -1;
	if (strcmp(after->role, "owner") == 0 && strcmp(before->role, "owner") != 0)
		return err_set(err, 400, ST_MUTABILITY,
		    "the owner role cannot be granted through SCIM");
	*role = after->role;
	return 0;
}

static enum dom_transition
transition_of(const struct member_row *before, const struct dom_member_facts *after,
    const char *role)
{
	if (before->active && !after->active)
		return DOM_T_DEACTIVATE;
	if (strcmp(role, before->role) != 0 &&
	    (strcmp(before->role, "owner") == 0 ||
	    (is_manager_role(before->role) && !is_manager_role(role))))
		return DOM_T_DEMOTE;
	return DOM_T_NONE;
}

static const char *
update_action(const struct member_row *before, const struct dom_member_facts *after,
    const char *role)
{
	if (before->active && !after->active)
		return "member.deactivated";
	if (!before->active && after->active)
		return "member.reactivated";
	if (strcmp(role, before->role) != 0)
		return "member.role_changed";
	return "member.updated";
}

static int
update_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct update_arg	*u = arg;
	struct member_row	*before = &u->before;
	struct dom_member_facts	 after;
	struct db_org_policy	 pol;
	struct dom_guard_facts	 g;
	struct db_member_write	 w;
	struct dom_audit	 e;
	const char		*role;
	long long		 revoked = 0;
	int			 need;

	memset(&g, 0, sizeof(g));
	if ((u->org_locked &&
	    db_org_lock(&pol, c, u->actor->org_id, err) == -1) ||
	    db_member_get(before, c, u->a, u->actor->org_id, u->id, 1, err) == -1)
		return -1;
	memset(&after, 0, sizeof(after));
	if (u->fn(&after, before, u->a, u->fn_arg, err) == -1 ||
	    next_role(&role, before, &after, err) == -1)
		return -1;
	if ((!cf_equal(after.user_name, before->user_name) ||
	    after.email_changed) &&
	    ((!u->org_locked &&
	    db_org_policy_read(&pol, c, u->actor->org_id, err) == -1) ||
	    check_domains(c, &pol, u->actor->org_id, after.user_name,
	    after.primary_email, err) == -1))
		return -1;
	g.t = transition_of(before, &after, role);
	g.target_is_owner = strcmp(before->role, "owner") == 0;
	g.target_is_token_admin = dom_member_is_token_admin(u->actor, before);
	if (g.t != DOM_T_NONE && !u->org_locked) {
		if (dom_member_needs_org_lock(&need, c, before, err) == -1)
			return -1;
		if (need)
			return dom_member_rerun_locked(&u->org_locked, err);
	}
	/* Unlocked, the target manages nothing: the counts cannot move. */
	if (g.t != DOM_T_NONE && u->org_locked &&
	    db_managers_count(&g.managers_before, c, u->actor->org_id, err) == -1)
		return -1;
	write_of(&w, &after, before->person_id);
	w.role = role;
	if (db_member_update(u->out, c, u->a, u->actor->org_id, u->id, &w,
	    err) == -1)
		return -1;
	if (g.t != DOM_T_NONE) {
		if ((u->org_locked && db_managers_count(&g.managers_after, c,
		    u->actor->org_id, err) == -1) || dom_guard_check(&g, err) == -1)
			return -1;
	}
	/* Groups show their members' names: a rename changes them too. */
	if ((strcmp(after.user_name, before->user_name) != 0 ||
	    !same(after.display_name, before->display_name)) &&
	    db_member_groups_touch(c, u->id, err) == -1)
		return -1;
	/* A leaver loses access now, not when a session expires. */
	if (before->active && !after.active &&
	    db_sessions_revoke(&revoked, c, u->id, err) == -1)
		return -1;
	dom_audit_init(&e, u->actor, update_action(before, &after, role));
	dom_audit_target(&e, u->out, after.primary_email);
	if (before->active && !after.active)
		dom_audit_add_int(&e, "sessions_revoked", revoked);
	if (strcmp(role, before->role) != 0) {
		dom_audit_add_str(&e, "role_from", before->role);
		dom_audit_add_str(&e, "role_to", role);
	}
	return dom_audit_write(c, &e, err);
}

int
dom_member_update(struct member_row *out, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, dom_member_transform fn,
    void *arg, struct err *err)
{
	struct update_arg	u;

	memset(&u, 0, sizeof(u));
	u.out = out;
	u.a = a;
	u.actor = actor;
	u.id = id;
	u.fn = fn;
	u.fn_arg = arg;
	if (db_tx_run(c, 0, update_tx, &u, err) == 0) {
		/* Counted once committed: a retried transaction counts once. */
		if (u.before.active != out->active)
			stats_inc(out->active ? STAT_REACTIVATIONS :
			    STAT_DEACTIVATIONS);
		return 0;
	}
	dom_member_refused(c, actor, u.before.id ? &u.before : NULL, NULL,
	    "update", err);
	return -1;
}
