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
 * Inside a transaction that holds the org lock: loads `id` under lock,
 * checks `check`, removes it with everything removal revokes, applies
 * the owner, self and last-manager guards to the org as it now stands,
 * and writes member.removed. *m is the row before removal (arena).
 */
int	dom_member_remove_one(struct member_row *m, struct db_conn *,
	    struct arena *, const struct dom_actor *,
	    const struct db_org_policy *, const char *id,
	    dom_member_check check, void *arg, struct err *err);

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
