/* SPDX-License-Identifier: MIT */
/*
 * domain/guard.h
 *
 * The membership guards as pure functions over facts gathered inside
 * the transaction (storage/lifecycle.h): no I/O, exhaustively testable.
 */
#ifndef SCIMD_DOM_GUARD_H
#define SCIMD_DOM_GUARD_H

#include "domain/base/err.h"

enum dom_transition {
	DOM_T_NONE,		/* attribute change only */
	DOM_T_DEACTIVATE,
	DOM_T_REMOVE,
	DOM_T_DEMOTE		/* loses members.manage or the owner role */
};

struct dom_guard_facts {
	enum dom_transition	 t;
	int			 target_is_owner;
	int			 target_is_token_admin;	/* the person behind the token's admin */
	long long		 managers_before;	/* active holders of members.manage */
	long long		 managers_after;	/* after the change, same tx */
};

/*
 * Owner (409), self (403: a token never deactivates, removes or demotes
 * its own admin) and last-manager (409) guards, in that order.
 * Returns 0 when the change may go ahead, else -1 with err set to the
 * refusal the client sees.
 */
int	dom_guard_check(const struct dom_guard_facts *, struct err *err);

/*
 * The domain whose verification a membership needs: the part after '@'
 * of userName when it is an address, else of the primary email, else
 * NULL (no real email: a managed account). An address has exactly one
 * '@'; a value with more names no domain.
 */
const char *dom_guard_email_domain(const char *user_name,
	    const char *primary_email);

/*
 * 0 when `role` is one of the roles an org knows (schema_roles), else -1
 * with 400 invalidValue naming the allowed ones.
 */
int	dom_guard_role_valid(const char *role, struct err *err);

/* Whether a seat is free: limit < 0 means no limit. */
int	dom_guard_seat(long long used, int limit, struct err *err);

#endif
