/* SPDX-License-Identifier: MIT */
/*
 * domain/member.h
 *
 * Membership flows: provision, read, update (with the lifecycle
 * transitions it implies) and removal. Each write is one transaction:
 * load, decide, write, audit, or nothing at all. Rows and strings are
 * borrowed from the arena given.
 */
#ifndef SCIMD_DOM_MEMBER_H
#define SCIMD_DOM_MEMBER_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"

struct db_conn;

/* Who is acting: the authenticated SCIM token and its org. */
struct dom_actor {
	const char	*org_id;
	const char	*token_id;
	const char	*token_admin;	/* member who created the token, or NULL */
	/*
	 * The person behind token_admin: the self guard and the removal rate
	 * follow them across re-provisioning. NULL when the token has none.
	 */
	const char	*token_admin_person;
};

/* What the protocol layer read out of a resource in stored form. */
struct dom_member_facts {
	const char		*user_name;
	const char		*external_id;
	const char		*display_name;
	const char *const	*emails;
	size_t			 nemails;
	const char		*primary_email;	/* NULL when none */
	int			 active;
	/*
	 * The role the SCIM `roles` attribute asks for (one of schema_roles;
	 * "owner" is refused, any other value is 400 invalidValue) when this
	 * request set or changed it; NULL when it did not, and the role stays
	 * as it is.
	 */
	const char		*role;
	int			 email_changed;	/* emails differ from before */
	const char		*resource;	/* stored-form JSON text */
};

/*
 * Computes the new state from the current row. Called inside the
 * transaction, possibly more than once (on retry): it must be pure.
 * Returns 0 and fills *after (arena memory), or -1 with err set.
 */
typedef int (*dom_member_transform)(struct dom_member_facts *after,
    const struct member_row *before, struct arena *a, void *arg,
    struct err *err);

/* 401 for an unknown or revoked token. */
int	dom_auth_token(struct dom_actor *out, struct db_conn *, struct arena *,
	    const char *token, size_t len, struct err *err);

int	dom_member_provision(struct member_row *out, struct db_conn *,
	    struct arena *, const struct dom_actor *,
	    const struct dom_member_facts *, struct err *err);
int	dom_member_get(struct member_row *out, struct db_conn *, struct arena *,
	    const struct dom_actor *, const char *id, struct err *err);
int	dom_member_list(struct member_row **rows, size_t *n, long long *total,
	    struct db_conn *, struct arena *, const struct dom_actor *,
	    const struct member_query *, struct err *err);
/*
 * Loads member `id` under lock, runs `fn` to compute the new state, and
 * applies it with the transition it implies (deactivation revokes every
 * session at once; reactivation restores nothing but access).
 */
int	dom_member_update(struct member_row *out, struct db_conn *,
	    struct arena *, const struct dom_actor *, const char *id,
	    dom_member_transform fn, void *arg, struct err *err);
/*
 * A precondition on the current row, checked under lock before a change
 * (e.g. If-Match). Returns 0 to go on, or -1 with err set.
 */
typedef int (*dom_member_check)(const struct member_row *before, void *arg,
    struct err *err);

/*
 * Removal: soft delete, role reset, group memberships and sessions
 * revoked, audited; a later provision of the same userName is a new
 * membership of the same person. An account that, at removal, has
 * neither a userName in a domain nor an email is managed and is erased
 * for good.
 */
int	dom_member_remove(struct db_conn *, struct arena *,
	    const struct dom_actor *, const char *id, dom_member_check check,
	    void *arg, struct err *err);

/* One removal of a set: the member and its own precondition. */
struct dom_removal {
	const char		*id;
	dom_member_check	 check;		/* may be NULL */
	void			*check_arg;
};

/*
 * Removes every member of the set in one transaction, or none: the
 * guards see the whole set (two removals that each leave one manager do
 * not together leave none), and the removal rate counts n removals or
 * nothing. On refusal, *refused is the index of the removal refused and
 * err says why (403, 404, 409, 412 or 429); it is audited as
 * guard.refused when a rule refused it.
 */
int	dom_member_remove_set(size_t *refused, struct db_conn *, struct arena *,
	    const struct dom_actor *, const struct dom_removal *set, size_t n,
	    struct err *err);

/* The removal rate as it stands: one row per admin, or per token without. */
struct dom_removal_count {
	const char	*admin;		/* the admin's userName, or NULL */
	const char	*token_id;	/* NULL when counted per admin */
	const char	*token_label;
	long long	 count;		/* removals in the last DOM_REMOVAL_WINDOW */
};

#define DOM_REMOVAL_WINDOW	3600	/* seconds: the rate is per hour */

/* The org's counts, most removals first; *out is an arena array of *n. */
int	dom_member_removal_counts(struct dom_removal_count **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);

#endif
