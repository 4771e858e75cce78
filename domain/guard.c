/* SPDX-License-Identifier: MIT */
/*
 * domain/guard.c
 *
 * What may never happen through SCIM, whatever the path: the Owner
 * leaving, the org losing its last manager, a token removing its own
 * admin, a member joining from an unverified domain or past the seats.
 */
#include "domain/guard.h"

#include <string.h>

#include "domain/base/schema.h"
#include "domain/base/stats.h"

static const char *
verb(enum dom_transition t)
{
	switch (t) {
	case DOM_T_DEACTIVATE:	return "deactivated";
	case DOM_T_REMOVE:	return "removed";
	case DOM_T_DEMOTE:	return "demoted";
	case DOM_T_NONE:	break;
	}
	return "changed";
}

int
dom_guard_check(const struct dom_guard_facts *f, struct err *err)
{
	if (f->t != DOM_T_NONE && f->target_is_owner) {
		stats_inc(STAT_GUARD_OWNER);
		return err_set(err, 409, ST_NONE,
		    "the organization owner cannot be %s; transfer ownership "
		    "first", verb(f->t));
	}
	/*
	 * Demotion too: a token that could demote its own admin could then
	 * remove them, and the guard would protect no one.
	 */
	if (f->t != DOM_T_NONE && f->target_is_token_admin) {
		stats_inc(STAT_GUARD_SELF);
		return err_set(err, 403, ST_NONE,
		    "this token was created by the member it would %s; use "
		    "another admin's token", f->t == DOM_T_REMOVE ? "remove" :
		    f->t == DOM_T_DEMOTE ? "demote" : "deactivate");
	}
	/*
	 * Only a change that takes the count to zero is refused: an org that
	 * has no manager yet (every member still to come from the IdP) can
	 * still be provisioned.
	 */
	if (f->managers_before > 0 && f->managers_after <= 0) {
		stats_inc(STAT_GUARD_LAST_MANAGER);
		return err_set(err, 409, ST_NONE,
		    "this change would leave the organization without an active "
		    "member who can manage members; grant another member the "
		    "admin role first");
	}
	return 0;
}

/*
 * The domain of s when it is one address: exactly one '@' with something
 * on both sides. "evil@attacker.example@a.example" is none: mail systems
 * disagree on which side is the mailbox, so it can vouch for no domain.
 */
static const char *
address_domain(const char *s)
{
	const char	*at;

	if (s == NULL || (at = strchr(s, '@')) == NULL || at == s ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return NULL;
	return at + 1;
}

const char *
dom_guard_email_domain(const char *user_name, const char *primary_email)
{
	const char	*d = address_domain(user_name);

	return d != NULL ? d : address_domain(primary_email);
}

int
dom_guard_role_valid(const char *role, struct err *err)
{
	if (schema_role_rank(role) >= 0)
		return 0;
	return err_set(err, 400, ST_INVALID_VALUE,
	    "unrecognized role \"%.64s\"; the roles are \"owner\", \"admin\", "
	    "\"member\" and \"viewer\"", role ? role : "");
}

int
dom_guard_seat(long long used, int limit, struct err *err)
{
	if (limit >= 0 && used >= limit) {
		stats_inc(STAT_GUARD_SEATS);
		return err_set(err, 403, ST_NONE,
		    "the organization has no free seat (%lld of %d in use)",
		    used, limit);
	}
	return 0;
}
