/* SPDX-License-Identifier: MIT */
/*
 * domain/member_int.h
 *
 * What the membership flows share inside domain/: the removal of one
 * member within a caller's transaction (single and set removal), the
 * removal rate, the self test and refusal auditing. Not a public API.
 */
#ifndef SCIMD_DOM_MEMBER_INT_H
#define SCIMD_DOM_MEMBER_INT_H

#include <stddef.h>

#include "domain/member.h"
#include "storage/lifecycle.h"

/* Whether m is the token's own admin: that member, or the same person. */
int	dom_member_is_token_admin(const struct dom_actor *,
	    const struct member_row *m);

/*
 * Whether a guarded transition of m needs the org lock (see the lock
 * protocol in member.c): only a member who holds members.manage, by role
 * or through an admin group, can take the count of managers down.
 */
int	dom_member_needs_org_lock(int *yes, struct db_conn *,
	    const struct member_row *m, struct err *err);
/* Fails with a rerun of the transaction, this time under the org lock. */
int	dom_member_rerun_locked(int *org_locked, struct err *err);

/*
 * Inside a transaction: loads `id` under lock, checks `check`, removes it
 * with everything removal revokes, applies the owner, self and
 * last-manager guards to the org as it now stands, and writes
 * member.removed. *m is the row before removal (arena). org_locked NULL
 * or *org_locked set: the caller holds the org lock; otherwise a
 * removal that needs it asks for a rerun (dom_member_rerun_locked).
 */
int	dom_member_remove_one(struct member_row *m, struct db_conn *,
	    struct arena *, const struct dom_actor *,
	    const struct db_org_policy *, const char *id,
	    dom_member_check check, void *arg, int *org_locked,
	    struct err *err);

/*
 * Takes n removals from the rate (per admin person when the token names
 * one, else per token), all or none. On 429, *fits is how many of the n
 * were still within the limit.
 */
int	dom_member_rate_take(size_t *fits, struct db_conn *,
	    const struct dom_actor *, const struct db_org_policy *, size_t n,
	    struct err *err);

/* Audits a refusal of a rule (403/409/429) in a transaction of its own. */
void	dom_member_refused(struct db_conn *, const struct dom_actor *,
	    const struct member_row *target, const char *user_name,
	    const char *action, const struct err *why);

#endif
