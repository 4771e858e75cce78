/* SPDX-License-Identifier: MIT */
/*
 * domain/admin.c
 *
 * Operator actions. Role changes take the org lock and count managers
 * before and after, exactly as SCIM changes do (domain/guard.c).
 */
#include "domain/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/base/log.h"
#include "domain/guard.h"
#include "domain/secret.h"
#include "storage/admin.h"
#include "storage/db.h"
#include "storage/lifecycle.h"
#include "storage/member.h"

/* Runs one admin action body in a transaction with its context. */
struct admin_tx {
	struct arena	*a;
	const char	*org_id;
	const void	*in;
	void		*out;
	const char	*s1, *s2;
	int		 i1, i2;
};

/*
 * Runs the body in a transaction; a guard's refusal (409) is rolled back
 * and audited as guard.refused, as on the SCIM paths.
 */
static int
tx(struct db_conn *c, int (*body)(struct db_conn *, void *, struct err *),
    struct admin_tx *t, struct err *err)
{
	struct dom_actor	actor = { .org_id = t->org_id };

	if (db_tx_run(c, 0, body, t, err) == 0)
		return 0;
	if (err->status == 409 && err->type == ST_NONE && t->s1 != NULL)
		dom_audit_refusal(c, &actor, NULL, t->s1, "operator change", err);
	return -1;
}

static void
op_audit(struct dom_audit *e, const char *org_id, const char *action)
{
	dom_audit_init(e, NULL, action);
	dom_audit_org(e, org_id);
	dom_audit_add_str(e, "by", "operator");
}

/* The member an operator event is about, with its userName and email. */
static int
audit_target(struct dom_audit *e, struct db_conn *c, struct arena *a,
    const char *org_id, const char *member_id, struct err *err)
{
	struct member_row	*m = arena_alloc(a, sizeof(*m));

	if (db_member_get(m, c, a, org_id, member_id, 0, err) == -1)
		return -1;
	dom_audit_target(e, m, NULL);
	return 0;
}

static int
org_lock(struct db_org_policy *pol, struct db_conn *c, const char *org_id,
    struct err *err)
{
	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	return db_org_lock(pol, c, org_id, err);
}

int
dom_admin_org_get(struct dom_org_info *out, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	struct db_org_policy	 pol;
	struct db_row		*rows;
	size_t			 n, i;
	const char		*p[1] = { org_id };

	memset(out, 0, sizeof(*out));
	if (db_org_name(&out->name, c, a, org_id, err) == -1 ||
	    db_org_lock(&pol, c, org_id, err) == -1 ||
	    db_seats_used(&out->seats_used, c, org_id, err) == -1 ||
	    dom_member_removal_counts(&out->removals, &out->nremovals, c, a,
	    org_id, err) == -1 ||
	    db_admin_query(&rows, &n, c, a, "SELECT count(*) FROM audit_events "
	    "WHERE org_id = $1 AND action = 'guard.refused'", 1, p, err) == -1)
		return -1;
	out->refusals = strtoll(rows[0].col[0], NULL, 10);
	if (db_admin_query(&rows, &n, c, a, "SELECT domain, verified, jit_enabled "
	    "FROM org_domains WHERE org_id = $1 ORDER BY domain", 1, p, err) == -1)
		return -1;
	/* db_org_lock outside a transaction locks nothing: it only reads. */
	out->id = org_id;
	out->policy.allow_outside_members = pol.allow_outside_members;
	out->policy.removal_rate_per_hour = pol.removal_rate_per_hour;
	out->policy.revoke_api_keys_on_removal = pol.revoke_api_keys_on_removal;
	out->policy.seat_limit = pol.seat_limit;
	out->ndomains = n;
	out->domains = arena_alloc(a, (n + 1) * sizeof(*out->domains));
	out->verified = arena_alloc(a, (n + 1) * sizeof(*out->verified));
	out->jit = arena_alloc(a, (n + 1) * sizeof(*out->jit));
	for (i = 0; i < n; i++) {
		out->domains[i] = rows[i].col[0];
		out->verified[i] = rows[i].col[1][0] == 't';
		out->jit[i] = rows[i].col[2][0] == 't';
	}
	return 0;
}

static int
policy_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx			*t = arg;
	const struct dom_policy		*ch = t->in;
	struct dom_policy		*out = t->out;
	struct db_org_policy		 pol;
	struct dom_audit		 e;

	if (org_lock(&pol, c, t->org_id, err) == -1)
		return -1;
	if (ch->allow_outside_members != DOM_KEEP)
		pol.allow_outside_members = ch->allow_outside_members != 0;
	if (ch->removal_rate_per_hour != DOM_KEEP)
		pol.removal_rate_per_hour = ch->removal_rate_per_hour;
	if (ch->revoke_api_keys_on_removal != DOM_KEEP)
		pol.revoke_api_keys_on_removal = ch->revoke_api_keys_on_removal != 0;
	if (ch->seat_limit != DOM_KEEP)
		pol.seat_limit = ch->seat_limit;
	if (pol.removal_rate_per_hour < 0 || pol.seat_limit < -1)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "removal rate and seat limit cannot be negative");
	if (db_org_policy_set(c, t->org_id, &pol, err) == -1)
		return -1;
	out->allow_outside_members = pol.allow_outside_members;
	out->removal_rate_per_hour = pol.removal_rate_per_hour;
	out->revoke_api_keys_on_removal = pol.revoke_api_keys_on_removal;
	out->seat_limit = pol.seat_limit;
	op_audit(&e, t->org_id, "org.policy_changed");
	dom_audit_add_bool(&e, "allow_outside_members", pol.allow_outside_members);
	dom_audit_add_int(&e, "removal_rate_per_hour", pol.removal_rate_per_hour);
	dom_audit_add_bool(&e, "revoke_api_keys_on_removal",
	    pol.revoke_api_keys_on_removal);
	dom_audit_add_int(&e, "seat_limit", pol.seat_limit);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_policy_set(struct dom_policy *out, struct db_conn *c,
    const char *org_id, const struct dom_policy *change, struct err *err)
{
	struct admin_tx	t = { .org_id = org_id, .in = change, .out = out };

	return tx(c, policy_tx, &t, err);
}

static int
valid_domain(const char *d)
{
	const char	*p;

	if (d == NULL || d[0] == '\0' || strlen(d) > 253 || strchr(d, '.') == NULL)
		return 0;
	for (p = d; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

static int
domain_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;
	const char		*p[4];
	long long		 n;

	if (org_lock(&pol, c, t->org_id, err) == -1)
		return -1;
	p[0] = t->org_id;
	p[1] = t->s1;
	p[2] = t->i1 == DOM_KEEP ? NULL : t->i1 ? "true" : "false";
	p[3] = t->i2 == DOM_KEEP ? NULL : t->i2 ? "true" : "false";
	if (db_admin_exec(&n, c, "INSERT INTO org_domains (org_id, domain, "
	    "verified, jit_enabled) VALUES ($1, lower($2), "
	    "COALESCE($3::boolean, false), COALESCE($4::boolean, false)) "
	    "ON CONFLICT (org_id, domain) DO UPDATE SET "
	    "verified = COALESCE($3::boolean, org_domains.verified), "
	    "jit_enabled = COALESCE($4::boolean, org_domains.jit_enabled)",
	    4, p, err) == -1)
		return -1;
	op_audit(&e, t->org_id, "domain.changed");
	dom_audit_add_str(&e, "domain", t->s1);
	if (t->i1 != DOM_KEEP)
		dom_audit_add_bool(&e, "verified", t->i1);
	if (t->i2 != DOM_KEEP)
		dom_audit_add_bool(&e, "jit", t->i2);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_domain_set(struct db_conn *c, const char *org_id, const char *domain,
    int verified, int jit, struct err *err)
{
	struct admin_tx	t = { .org_id = org_id, .s1 = domain, .i1 = verified,
			    .i2 = jit };

	if (!valid_domain(domain))
		return err_set(err, 400, ST_INVALID_VALUE, "invalid domain \"%s\"",
		    domain ? domain : "");
	return tx(c, domain_tx, &t, err);
}

static int
domain_rm_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;
	const char		*p[2] = { t->org_id, t->s1 };
	long long		 n;

	if (org_lock(&pol, c, t->org_id, err) == -1 ||
	    db_admin_exec(&n, c, "DELETE FROM org_domains WHERE org_id = $1 AND "
	    "domain = lower($2)", 2, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "domain \"%s\" not found", t->s1);
	op_audit(&e, t->org_id, "domain.removed");
	dom_audit_add_str(&e, "domain", t->s1);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_domain_remove(struct db_conn *c, const char *org_id,
    const char *domain, struct err *err)
{
	struct admin_tx	t = { .org_id = org_id, .s1 = domain };

	return tx(c, domain_rm_tx, &t, err);
}

int
dom_admin_token_list(struct dom_token_info **out, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	struct db_row	*rows;
	const char	*p[1] = { org_id };
	const char	*name;
	size_t		 i;

	if (db_org_name(&name, c, a, org_id, err) == -1 ||
	    db_admin_query(&rows, n, c, a, "SELECT t.id, t.label, m.user_name, "
	    "to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
	    "to_char(t.last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
	    "to_char(t.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM scim_tokens t "
	    "LEFT JOIN members m ON m.id = t.created_by_member "
	    "WHERE t.org_id = $1 ORDER BY t.created_at, t.id", 1, p, err) == -1)
		return -1;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].id = rows[i].col[0];
		(*out)[i].label = rows[i].col[1];
		(*out)[i].admin_user_name = rows[i].col[2];
		(*out)[i].created = rows[i].col[3];
		(*out)[i].last_used = rows[i].col[4];
		(*out)[i].revoked = rows[i].col[5];
	}
	return 0;
}

static int
revoke_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct dom_audit	 e;
	const char		*p[2] = { t->org_id, t->s1 };
	long long		 n;

	if (!db_uuid_valid(t->s1))
		return err_set(err, 404, ST_NONE, "%s not found", t->s2);
	if (db_admin_exec(&n, c, t->i1 ?
	    "UPDATE org_api_keys SET revoked_at = now() WHERE org_id = $1 AND "
	    "id = $2 AND revoked_at IS NULL" :
	    "UPDATE scim_tokens SET revoked_at = now() WHERE org_id = $1 AND "
	    "id = $2 AND revoked_at IS NULL", 2, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "%s not found or already revoked",
		    t->s2);
	op_audit(&e, t->org_id, t->i1 ? "api_key.revoked" : "token.revoked");
	dom_audit_add_str(&e, t->i1 ? "api_key_id" : "token_id", t->s1);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_token_revoke(struct db_conn *c, const char *org_id,
    const char *token_id, struct err *err)
{
	struct admin_tx	t = { .org_id = org_id, .s1 = token_id, .s2 = "token",
			    .i1 = 0 };

	return tx(c, revoke_tx, &t, err);
}

/* Counts managers around a role change and applies the guards. */
static int
guarded_role(struct db_conn *c, const char *org_id, const char *member_id,
    const char *from, const char *to, struct err *err)
{
	struct dom_guard_facts	g;

	memset(&g, 0, sizeof(g));
	g.t = DOM_T_DEMOTE;
	if (db_managers_count(&g.managers_before, c, org_id, err) == -1 ||
	    db_member_set_role(c, member_id, to, err) == -1 ||
	    db_managers_count(&g.managers_after, c, org_id, err) == -1)
		return -1;
	(void)from;
	return dom_guard_check(&g, err);
}

static int
transfer_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;
	struct db_row		*rows;
	const char		*to_id, *to_role, *p[1] = { t->org_id };
	const char		*from = NULL;
	size_t			 n;
	int			 active;
	long long		 x;

	if (org_lock(&pol, c, t->org_id, err) == -1 ||
	    db_member_resolve(&to_id, &to_role, &active, c, t->a, t->org_id,
	    t->s1, err) == -1)
		return -1;
	if (!active)
		return err_set(err, 409, ST_NONE,
		    "ownership cannot go to a deactivated member");
	if (db_admin_query(&rows, &n, c, t->a, "SELECT id FROM members WHERE "
	    "org_id = $1 AND role = 'owner' AND deleted_at IS NULL", 1, p,
	    err) == -1)
		return -1;
	if (n > 0)
		from = rows[0].col[0];
	if (from != NULL && strcmp(from, to_id) == 0)
		return 0;
	if (from != NULL && db_member_set_role(c, from, "admin", err) == -1)
		return -1;
	if (db_member_set_role(c, to_id, "owner", err) == -1 ||
	    db_admin_exec(&x, c, "UPDATE members SET version = version + 1, "
	    "updated_at = now() WHERE id = $1", 1, &to_id, err) == -1)
		return -1;
	op_audit(&e, t->org_id, "ownership.transferred");
	if (audit_target(&e, c, t->a, t->org_id, to_id, err) == -1)
		return -1;
	if (from != NULL)
		dom_audit_add_str(&e, "from_member", from);
	dom_audit_add_str(&e, "to_member", to_id);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_transfer_ownership(struct db_conn *c, struct arena *a,
    const char *org_id, const char *to, struct err *err)
{
	struct admin_tx	t = { .a = a, .org_id = org_id, .s1 = to };

	return tx(c, transfer_tx, &t, err);
}

static int
member_role_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;
	const char		*id, *role;
	int			 active;

	if (org_lock(&pol, c, t->org_id, err) == -1 ||
	    db_member_resolve(&id, &role, &active, c, t->a, t->org_id, t->s1,
	    err) == -1)
		return -1;
	if (strcmp(role, "owner") == 0)
		return err_set(err, 409, ST_NONE,
		    "the organization owner cannot be demoted; transfer "
		    "ownership first");
	if (strcmp(role, t->s2) == 0)
		return 0;
	if (guarded_role(c, t->org_id, id, role, t->s2, err) == -1)
		return -1;
	op_audit(&e, t->org_id, "member.role_changed");
	if (audit_target(&e, c, t->a, t->org_id, id, err) == -1)
		return -1;
	dom_audit_add_str(&e, "role_from", role);
	dom_audit_add_str(&e, "role_to", t->s2);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_member_role(struct db_conn *c, struct arena *a, const char *org_id,
    const char *member, const char *role, struct err *err)
{
	struct admin_tx	t = { .a = a, .org_id = org_id, .s1 = member, .s2 = role };

	if (role == NULL || (strcmp(role, "admin") != 0 &&
	    strcmp(role, "member") != 0 && strcmp(role, "viewer") != 0))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "role must be \"admin\", \"member\" or \"viewer\"");
	return tx(c, member_role_tx, &t, err);
}

static int
group_role_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_guard_facts	 g;
	struct dom_audit	 e;
	const char		*p[3] = { t->org_id, t->s1, t->s2 };
	long long		 n;

	memset(&g, 0, sizeof(g));
	g.t = DOM_T_DEMOTE;
	if (!db_uuid_valid(t->s1))
		return err_set(err, 404, ST_NONE, "group not found");
	if (org_lock(&pol, c, t->org_id, err) == -1 ||
	    db_managers_count(&g.managers_before, c, t->org_id, err) == -1 ||
	    db_admin_exec(&n, c, "UPDATE groups SET role = $3 WHERE org_id = $1 "
	    "AND id = $2", 3, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "group not found");
	if (db_managers_count(&g.managers_after, c, t->org_id, err) == -1 ||
	    dom_guard_check(&g, err) == -1)
		return -1;
	op_audit(&e, t->org_id, "group.role_changed");
	dom_audit_add_str(&e, "group", t->s1);
	dom_audit_add_str(&e, "role", t->s2 ? t->s2 : "none");
	return dom_audit_write(c, &e, err);
}

int
dom_admin_group_role(struct db_conn *c, struct arena *a, const char *org_id,
    const char *group_id, const char *role, struct err *err)
{
	struct admin_tx	t = { .a = a, .org_id = org_id, .s1 = group_id, .s2 = role };

	if (role != NULL && strcmp(role, "admin") != 0 &&
	    strcmp(role, "member") != 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "role must be \"admin\", \"member\" or none");
	return tx(c, group_role_tx, &t, err);
}

static int
key_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx		*t = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;
	struct db_row		*rows;
	const char		*id, *role, *p[4];
	const char		**out = t->out;
	size_t			 n;
	int			 active;

	if (org_lock(&pol, c, t->org_id, err) == -1 ||
	    db_member_resolve(&id, &role, &active, c, t->a, t->org_id, t->s1,
	    err) == -1)
		return -1;
	p[0] = t->org_id;
	p[1] = id;
	p[2] = t->s2 ? t->s2 : "";
	p[3] = t->in;
	if (db_admin_query(&rows, &n, c, t->a, "INSERT INTO org_api_keys "
	    "(org_id, created_by_member, label, key_hash) VALUES ($1, $2, $3, "
	    "decode($4, 'hex')) RETURNING id", 4, p, err) == -1)
		return -1;
	*out = rows[0].col[0];
	op_audit(&e, t->org_id, "api_key.created");
	if (audit_target(&e, c, t->a, t->org_id, id, err) == -1)
		return -1;
	dom_audit_add_str(&e, "api_key_id", *out);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_api_key_create(const char **key, const char **id, struct db_conn *c,
    struct arena *a, const char *org_id, const char *member, const char *label,
    struct err *err)
{
	char		*secret = arena_alloc(a, DOM_SECRET_LEN);
	char		*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);
	struct admin_tx	 t = { .a = a, .org_id = org_id, .s1 = member, .s2 = label,
			    .in = hash, .out = (void *)id };

	if (member == NULL || member[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE, "member is required");
	if (dom_secret_new(secret, "key", err) == -1)
		return -1;
	dom_secret_hash(hash, secret, strlen(secret));
	if (tx(c, key_tx, &t, err) == -1)
		return -1;
	*key = secret;
	return 0;
}

int
dom_admin_api_key_list(struct dom_api_key_info **out, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id, struct err *err)
{
	struct db_row	*rows;
	const char	*p[1] = { org_id }, *name;
	size_t		 i;

	if (db_org_name(&name, c, a, org_id, err) == -1 ||
	    db_admin_query(&rows, n, c, a, "SELECT id, label, created_by_member, "
	    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
	    "to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM org_api_keys WHERE org_id = $1 "
	    "ORDER BY created_at, id", 1, p, err) == -1)
		return -1;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < *n; i++) {
		(*out)[i].id = rows[i].col[0];
		(*out)[i].label = rows[i].col[1];
		(*out)[i].member_id = rows[i].col[2];
		(*out)[i].created = rows[i].col[3];
		(*out)[i].revoked = rows[i].col[4];
	}
	return 0;
}

int
dom_admin_api_key_revoke(struct db_conn *c, const char *org_id,
    const char *key_id, struct err *err)
{
	struct admin_tx	t = { .org_id = org_id, .s1 = key_id, .s2 = "API key",
			    .i1 = 1 };

	return tx(c, revoke_tx, &t, err);
}

int
dom_admin_audit(struct db_conn *c, struct arena *a, const char *org_id,
    const struct dom_audit_query *q, dom_audit_sink sink, void *arg,
    struct err *err)
{
	struct db_row	*rows;
	const char	*p[6], *name;
	char		 lim[24];
	size_t		 n, i;

	snprintf(lim, sizeof(lim), "%lld", q->limit > 0 ? q->limit : 1000);
	p[0] = org_id;
	p[1] = q->target;
	p[2] = q->action;
	p[3] = q->since;
	p[4] = q->until;
	p[5] = lim;
	if (db_org_name(&name, c, a, org_id, err) == -1 ||
	    db_admin_query(&rows, &n, c, a, "SELECT json_build_object("
	    "'id', id, 'at', to_char(at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'action', action, "
	    "'actorTokenId', actor_token_id, 'actorMemberId', actor_member_id, "
	    "'targetMemberId', target_member_id, 'personId', person_id, "
	    "'targetUserName', target_user_name, 'targetEmail', target_email, "
	    "'detail', detail)::text FROM audit_events WHERE org_id = $1 "
	    "AND ($2::text IS NULL OR target_member_id::text = $2 OR "
	    "lower(target_user_name) = lower($2) OR target_member_id IN "
	    "(SELECT id FROM members WHERE org_id = $1 AND "
	    "lower(user_name) = lower($2))) "
	    "AND ($3::text IS NULL OR action = $3) "
	    "AND ($4::timestamptz IS NULL OR at >= $4::timestamptz) "
	    "AND ($5::timestamptz IS NULL OR at < $5::timestamptz) "
	    "ORDER BY at, id LIMIT $6::bigint", 6, p, err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (sink(rows[i].col[0], arg) == -1)
			return err_internal(err);
	return 0;
}

static int
operator_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct admin_tx	*t = arg;
	long long	 n;
	const char	*p[2] = { t->s1, t->s2 };

	return db_admin_exec(&n, c, "INSERT INTO operator_tokens (label, "
	    "token_hash) VALUES ($1, decode($2, 'hex'))", 2, p, err);
}

int
dom_operator_token_create(const char **token, struct db_conn *c,
    struct arena *a, const char *label, struct err *err)
{
	char		*secret = arena_alloc(a, DOM_SECRET_LEN);
	char		*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);
	struct admin_tx	 t = { .a = a, .s1 = label ? label : "", .s2 = hash };

	if (dom_secret_new(secret, "op", err) == -1)
		return -1;
	dom_secret_hash(hash, secret, strlen(secret));
	if (tx(c, operator_tx, &t, err) == -1)
		return -1;
	*token = secret;
	return 0;
}

int
dom_operator_auth(struct db_conn *c, const char *token, size_t len,
    struct err *err)
{
	struct arena	 a = { 0 };
	struct db_row	*rows;
	char		 hash[DOM_SECRET_HASH_HEX];
	const char	*p[1] = { hash };
	size_t		 n = 0;
	int		 rc;

	if (len == 0 || len > 512)
		return err_set(err, 401, ST_NONE, "invalid operator token");
	dom_secret_hash(hash, token, len);
	rc = db_ensure(c, err) == -1 ? -1 :
	    db_admin_query(&rows, &n, c, &a, "SELECT 1 FROM operator_tokens WHERE "
	    "token_hash = decode($1, 'hex') AND revoked_at IS NULL", 1, p, err);
	arena_free(&a);
	if (rc == -1)
		return -1;
	if (n == 0)
		return err_set(err, 401, ST_NONE, "invalid operator token");
	return 0;
}
