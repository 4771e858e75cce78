/* SPDX-License-Identifier: MIT */
/*
 * domain/member_remove.c
 *
 * Removal of members: what one removal revokes and erases, the removal
 * rate, and the removal of a set of members (a /Bulk request) as one
 * transaction.
 */
#include "domain/member.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/base/stats.h"
#include "domain/guard.h"
#include "domain/invite.h"
#include "domain/member_int.h"
#include "domain/outbox.h"
#include "domain/secret.h"
#include "storage/db.h"
#include "storage/lifecycle.h"
#include "storage/member.h"

/*
 * Managed is judged now, on the account as it is, not as it was made: no
 * userName in a domain and no email means no real person's address is
 * involved, and the account goes for good.
 */
static int
managed_now(const struct member_row *m)
{
	return dom_guard_email_domain(m->user_name, m->email) == NULL;
}

/*
 * Erases a managed account: member and person rows lose every personal
 * field, and every audit event of the member keeps only a one-way hash
 * of the (lower-cased) userName. The removal event says what went; its
 * caller then scrubs the member's outbox events the same way.
 */
static int
erase(struct dom_audit *e, struct db_conn *c, struct arena *a,
    const struct member_row *m, struct err *err)
{
	char	hex[DOM_SECRET_HASH_HEX], *lower;
	size_t	i;

	lower = arena_strdup(a, m->user_name);
	for (i = 0; lower[i] != '\0'; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	dom_secret_hash(hex, lower, strlen(lower));
	e->ev.target_user_name = arena_printf(a, "sha256:%s", hex);
	e->ev.target_email = NULL;
	if (db_member_erase(c, m->id, m->person_id, err) == -1 ||
	    db_audit_erase_names(c, m->id, e->ev.target_user_name, err) == -1)
		return -1;
	dom_audit_add_bool(e, "erased", 1);
	e->event = "member.erased";
	dom_audit_add_str(e, "erased_fields", "userName,displayName,externalId,"
	    "emails,resource,person.email,audit.userName,audit.email,events");
	return 0;
}

/* Everything removal revokes; counts go to the audit event. */
static int
revoke_all(struct dom_audit *e, struct db_conn *c, struct arena *a,
    const struct db_org_policy *pol, const struct member_row *m,
    struct err *err)
{
	long long	sessions = 0, groups = 0, keys = 0;

	if (db_sessions_revoke(&sessions, c, m->id, err) == -1 ||
	    db_member_groups_touch(c, m->id, err) == -1 ||
	    db_group_memberships_revoke(&groups, c, m->id, err) == -1)
		return -1;
	if (pol->revoke_api_keys_on_removal &&
	    db_api_keys_revoke(&keys, c, m->id, err) == -1)
		return -1;
	dom_audit_add_int(e, "sessions_revoked", sessions);
	dom_audit_add_int(e, "groups_revoked", groups);
	dom_audit_add_int(e, "api_keys_revoked", keys);
	dom_audit_add_str(e, "role_revoked", m->role);
	if (managed_now(m))
		return erase(e, c, a, m, err);
	return 0;
}

int
dom_member_remove_one(struct member_row *m, struct db_conn *c,
    struct arena *a, const struct dom_actor *actor,
    const struct db_org_policy *pol, const char *id, dom_member_check check,
    void *arg, int *org_locked, struct err *err)
{
	struct member_row	gone;
	struct dom_guard_facts	g;
	struct dom_audit	e;
	int			locked = org_locked == NULL || *org_locked;
	int			need;

	memset(&g, 0, sizeof(g));
	if (db_member_get(m, c, a, actor->org_id, id, 1, err) == -1)
		return -1;
	if (check != NULL && check(m, arg, err) == -1)
		return -1;
	g.t = DOM_T_REMOVE;
	g.target_is_owner = strcmp(m->role, "owner") == 0;
	g.target_is_token_admin = dom_member_is_token_admin(actor, m);
	if (!locked) {
		if (dom_member_needs_org_lock(&need, c, m, err) == -1)
			return -1;
		if (need)
			return dom_member_rerun_locked(org_locked, err);
	}
	dom_audit_init(&e, actor, "member.removed");
	dom_audit_target(&e, m, NULL);
	/* Unlocked, the target manages nothing: the counts cannot move. */
	if ((locked && db_managers_count(&g.managers_before, c, actor->org_id,
	    err) == -1) ||
	    db_member_soft_delete(&gone, c, a, actor->org_id, id, err) == -1 ||
	    revoke_all(&e, c, a, pol, m, err) == -1 ||
	    (locked && db_managers_count(&g.managers_after, c, actor->org_id,
	    err) == -1) ||
	    dom_guard_check(&g, err) == -1 ||
	    dom_invite_links_end_for_member(c, a, actor, m, err) == -1 ||
	    dom_audit_write(c, &e, err) == -1)
		return -1;
	/* Last, so the member.erased event just written is scrubbed too. */
	if (e.event != NULL)
		return dom_outbox_erase_member(c, actor->org_id, m->id,
		    e.ev.target_user_name, err);
	return 0;
}

int
dom_member_rate_take(size_t *fits, struct db_conn *c,
    const struct dom_actor *actor, const struct db_org_policy *pol, size_t n,
    struct err *err)
{
	long long	count;
	int		retry;

	*fits = n;
	if (db_removal_take(&count, &retry, c, actor->token_id,
	    actor->token_admin_person, (long long)n, pol->removal_rate_per_hour,
	    err) == -1)
		return -1;
	if (retry == 0)
		return 0;
	*fits = count < pol->removal_rate_per_hour ?
	    (size_t)(pol->removal_rate_per_hour - count) : 0;
	stats_inc(STAT_RATE_LIMITED);
	err_set(err, 429, ST_NONE,
	    "removal rate limit reached: %lld removals by this %s in the last "
	    "hour (limit %d)%s", count, actor->token_admin_person ? "admin" :
	    "token", pol->removal_rate_per_hour, n > 1 ?
	    "; a bulk request counts all its removals or none" : "");
	err->retry_after = retry;
	return -1;
}

struct remove_arg {
	struct arena		*a;
	const struct dom_actor	*actor;
	const char		*id;
	dom_member_check	 check;
	void			*check_arg;
	int			 org_locked;
	struct member_row	 m;
};

static int
remove_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct remove_arg	*r = arg;
	struct db_org_policy	 pol;
	size_t			 fits;

	if ((r->org_locked ? db_org_lock(&pol, c, r->actor->org_id, err) :
	    db_org_policy_read(&pol, c, r->actor->org_id, err)) == -1 ||
	    dom_member_remove_one(&r->m, c, r->a, r->actor, &pol, r->id,
	    r->check, r->check_arg, &r->org_locked, err) == -1)
		return -1;
	/* Counted last, so a refused or failed removal costs nothing. */
	return dom_member_rate_take(&fits, c, r->actor, &pol, 1, err);
}

int
dom_member_remove(struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const char *id, dom_member_check check,
    void *arg, struct err *err)
{
	struct remove_arg	r;

	memset(&r, 0, sizeof(r));
	r.a = a;
	r.actor = actor;
	r.id = id;
	r.check = check;
	r.check_arg = arg;
	if (db_tx_run(c, 0, remove_tx, &r, err) == 0) {
		stats_inc(STAT_REMOVALS);
		return 0;
	}
	dom_member_refused(c, actor, r.m.id ? &r.m : NULL, NULL, "remove", err);
	return -1;
}

struct set_arg {
	struct arena			*a;
	const struct dom_actor		*actor;
	const struct dom_removal	*set;
	size_t				 n;
	size_t				 at;	/* the removal being decided */
	struct member_row		 m;	/* its row, for the audit */
};

/*
 * Each removal is applied on top of the ones before it, so the guards of
 * the k-th see the org without the k-1 before; the first refusal rolls
 * back the whole set.
 */
static int
set_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct set_arg		*s = arg;
	struct db_org_policy	 pol;
	size_t			 fits;

	if (db_org_lock(&pol, c, s->actor->org_id, err) == -1)
		return -1;
	for (s->at = 0; s->at < s->n; s->at++) {
		memset(&s->m, 0, sizeof(s->m));
		if (dom_member_remove_one(&s->m, c, s->a, s->actor, &pol,
		    s->set[s->at].id, s->set[s->at].check,
		    s->set[s->at].check_arg, NULL, err) == -1)
			return -1;
	}
	if (dom_member_rate_take(&fits, c, s->actor, &pol, s->n, err) == 0)
		return 0;
	s->at = fits < s->n ? fits : s->n - 1;
	memset(&s->m, 0, sizeof(s->m));
	return -1;
}

int
dom_member_remove_set(size_t *refused, struct db_conn *c, struct arena *a,
    const struct dom_actor *actor, const struct dom_removal *set, size_t n,
    struct err *err)
{
	struct set_arg	s;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.actor = actor;
	s.set = set;
	s.n = n;
	*refused = 0;
	if (n == 0)
		return 0;
	if (db_tx_run(c, 0, set_tx, &s, err) == 0) {
		stats_add(STAT_REMOVALS, (int64_t)n);
		return 0;
	}
	*refused = s.at < n ? s.at : 0;
	dom_member_refused(c, actor, s.m.id ? &s.m : NULL, NULL, "remove", err);
	return -1;
}

int
dom_member_removal_counts(struct dom_removal_count **out, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id, struct err *err)
{
	struct db_removal_count	*rows;
	size_t			 i;

	if (db_removal_counts(&rows, n, c, a, org_id, err) == -1)
		return -1;
	*out = arena_alloc(a, (*n + 1) * sizeof(**out));
	for (i = 0; i < *n; i++) {
		/* An admin whose memberships are all erased is still counted. */
		(*out)[i].admin = rows[i].admin_person_id == NULL ? NULL :
		    rows[i].admin_user_name ? rows[i].admin_user_name :
		    rows[i].admin_person_id;
		(*out)[i].token_id = rows[i].token_id;
		(*out)[i].token_label = rows[i].token_label;
		(*out)[i].count = rows[i].count;
	}
	return 0;
}
