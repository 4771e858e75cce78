/* SPDX-License-Identifier: MIT */
/*
 * domain/admin_org.c
 *
 * Operator actions on an org's settings: reading the org, its policy,
 * its domains. Each change takes the org lock, so it is decided after
 * any SCIM change of the org in flight.
 */
#include "domain/admin_int.h"

#include <string.h>

#include "storage/admin.h"
#include "storage/db.h"

static void
policy_of(struct dom_policy *out, const struct db_org_policy *pol)
{
	out->allow_outside_members = pol->allow_outside_members;
	out->removal_rate_per_hour = pol->removal_rate_per_hour;
	out->revoke_api_keys_on_removal = pol->revoke_api_keys_on_removal;
	out->seat_limit = pol->seat_limit;
	out->session_idle_hours = pol->session_idle_hours;
	out->session_max_days = pol->session_max_days;
}

int
dom_admin_org_get(struct dom_org_info *out, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	struct db_org_policy	pol;
	struct domain_row	*domains;

	memset(out, 0, sizeof(*out));
	/* db_org_lock outside a transaction locks nothing: it only reads. */
	if (db_org_name(&out->name, c, a, org_id, err) == -1 ||
	    db_org_lock(&pol, c, org_id, err) == -1 ||
	    db_seats_used(&out->seats_used, c, org_id, err) == -1 ||
	    dom_member_removal_counts(&out->removals, &out->nremovals, c, a,
	    org_id, err) == -1 ||
	    db_org_refusals(&out->refusals, c, org_id, err) == -1 ||
	    db_domain_list(&domains, &out->ndomains, c, a, org_id, err) == -1)
		return -1;
	out->id = org_id;
	out->domains = domains;
	policy_of(&out->policy, &pol);
	return 0;
}

struct policy_arg {
	struct dom_policy			*out;
	const struct dom_policy_change		*in;
};

/* A DOM_KEEP field of the change keeps the current value. */
static int
changed(int current, int change)
{
	return change == DOM_KEEP ? current : change;
}

static int
policy_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct policy_arg		*x = arg;
	const struct dom_policy		*ch = &x->in->set;
	struct db_org_policy		 pol;
	struct dom_audit		 e;

	if (dom_admin_lock(&pol, c, x->in->org_id, err) == -1)
		return -1;
	pol.allow_outside_members = changed(pol.allow_outside_members,
	    ch->allow_outside_members) != 0;
	pol.removal_rate_per_hour = changed(pol.removal_rate_per_hour,
	    ch->removal_rate_per_hour);
	pol.revoke_api_keys_on_removal = changed(pol.revoke_api_keys_on_removal,
	    ch->revoke_api_keys_on_removal) != 0;
	pol.seat_limit = changed(pol.seat_limit, ch->seat_limit);
	pol.session_idle_hours = changed(pol.session_idle_hours,
	    ch->session_idle_hours);
	pol.session_max_days = changed(pol.session_max_days,
	    ch->session_max_days);
	if (pol.removal_rate_per_hour < 0 || pol.seat_limit < -1)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "removal rate and seat limit cannot be negative");
	if (pol.session_idle_hours < 1 || pol.session_idle_hours > 8760 ||
	    pol.session_max_days < 1 || pol.session_max_days > 3650)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "session lifetimes are 1 to 8760 hours idle and 1 to 3650 "
		    "days in all");
	if (db_org_policy_set(c, x->in->org_id, &pol, err) == -1)
		return -1;
	policy_of(x->out, &pol);
	dom_admin_event(&e, x->in->org_id, "org.policy_changed");
	dom_audit_add_bool(&e, "allow_outside_members", pol.allow_outside_members);
	dom_audit_add_int(&e, "removal_rate_per_hour", pol.removal_rate_per_hour);
	dom_audit_add_bool(&e, "revoke_api_keys_on_removal",
	    pol.revoke_api_keys_on_removal);
	dom_audit_add_int(&e, "seat_limit", pol.seat_limit);
	dom_audit_add_int(&e, "session_idle_hours", pol.session_idle_hours);
	dom_audit_add_int(&e, "session_max_days", pol.session_max_days);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_policy_set(struct dom_policy *out, struct db_conn *c,
    const struct dom_policy_change *change, struct err *err)
{
	struct policy_arg	x = { out, change };

	return dom_admin_tx(c, change->org_id, policy_tx, &x, NULL, err);
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

/* storage leaves a negative setting as it is. */
static int
setting(int v)
{
	return v == DOM_KEEP ? -1 : v != 0;
}

static int
domain_tx(struct db_conn *c, void *arg, struct err *err)
{
	const struct dom_domain_change	*in = arg;
	struct db_org_policy		 pol;
	struct dom_audit		 e;

	if (dom_admin_lock(&pol, c, in->org_id, err) == -1 ||
	    db_domain_upsert(c, in->org_id, in->domain, setting(in->verified),
	    setting(in->jit), err) == -1)
		return -1;
	dom_admin_event(&e, in->org_id, "domain.changed");
	dom_audit_add_str(&e, "domain", in->domain);
	if (in->verified != DOM_KEEP)
		dom_audit_add_bool(&e, "verified", in->verified);
	if (in->jit != DOM_KEEP)
		dom_audit_add_bool(&e, "jit", in->jit);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_domain_set(struct db_conn *c, const struct dom_domain_change *in,
    struct err *err)
{
	if (!valid_domain(in->domain))
		return err_set(err, 400, ST_INVALID_VALUE, "invalid domain \"%s\"",
		    in->domain ? in->domain : "");
	return dom_admin_tx(c, in->org_id, domain_tx, (void *)in, NULL, err);
}

struct domain_rm_arg {
	const char	*org_id;
	const char	*domain;
};

static int
domain_rm_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct domain_rm_arg	*x = arg;
	struct db_org_policy	 pol;
	struct dom_audit	 e;

	if (dom_admin_lock(&pol, c, x->org_id, err) == -1 ||
	    db_domain_delete(c, x->org_id, x->domain, err) == -1)
		return -1;
	dom_admin_event(&e, x->org_id, "domain.removed");
	dom_audit_add_str(&e, "domain", x->domain);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_domain_remove(struct db_conn *c, const char *org_id,
    const char *domain, struct err *err)
{
	struct domain_rm_arg	x = { org_id, domain };

	return dom_admin_tx(c, org_id, domain_rm_tx, &x, NULL, err);
}
