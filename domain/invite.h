/* SPDX-License-Identifier: MIT */
/*
 * domain/invite.h
 *
 * Invitations, the third way into an org (after SCIM and just-in-time
 * sign-in): personal email invites, single-use and valid for
 * DOM_INVITE_TTL_DAYS, and open invite links with an optional domain
 * restriction, usage limit and expiry. Accepting one goes through the
 * rules of the other two ways: verified domains (with the invitation as
 * the exception when the org's policy says so), seats, and the org lock.
 *
 * Tokens are "inv_…" (invitations) and "invl_…" (links): 256 random
 * bits, shown once; only their SHA-256 is stored and it is compared in
 * constant time. Rows and strings are borrowed from the arena given.
 */
#ifndef SCIMD_DOM_INVITE_H
#define SCIMD_DOM_INVITE_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/invite_row.h"
#include "domain/base/member_row.h"
#include "domain/member.h"
#include "domain/sso.h"

struct db_conn;

#define DOM_INVITE_TTL_DAYS	7
#define DOM_INVITE_MAX_BATCH	100	/* addresses in one request */
#define DOM_INVITE_MAX_DOMAINS	100	/* domains of one link */

/* One address to invite and the role it will have. */
struct dom_invite_new {
	const char	*email;
	const char	*role;		/* admin, member or viewer */
};

/* An invitation just issued: its token and accept URL are shown once. */
struct dom_invite_issued {
	struct invite_row	 row;
	const char		*token;
	const char		*accept_url;
	const char		*replaced;	/* the invitation it replaces, or NULL */
};

/*
 * Invites n addresses, all or none. An address with a pending
 * invitation is re-invited: the old one ends ("reinvited") and the new
 * one has a fresh token and a fresh DOM_INVITE_TTL_DAYS. `inviter` is a
 * member id or userName (NULL: the operator); `accept_base` is the URL
 * the accept URL starts with. *out is an arena array of n. 400 for a bad
 * address or role, 404 for an unknown org or inviter, 409 for an address
 * that is a member already.
 */
int	dom_invite_create(struct dom_invite_issued **out, struct db_conn *,
	    struct arena *, const char *org_id, const struct dom_invite_new *,
	    size_t n, const char *inviter, const char *accept_base,
	    struct err *err);
/*
 * Re-invites the address of invitation `id`, with `role` or, NULL, the
 * role it had. 409 once it was accepted.
 */
int	dom_invite_reinvite(struct dom_invite_issued *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *id,
	    const char *role, const char *accept_base, struct err *err);
/* Cancels a pending invitation (expired or not); 409 when it is not. */
int	dom_invite_cancel(struct db_conn *, struct arena *, const char *org_id,
	    const char *id, struct err *err);
/* Every invitation of the org, newest first. */
int	dom_invite_list(struct invite_row **out, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/*
 * Whether an accepted invitation may admit an address outside the
 * org's verified domains (default yes).
 */
int	dom_invite_policy_set(struct db_conn *, const char *org_id,
	    int admit_outsiders, struct err *err);

struct dom_link_new {
	const char		*role;		/* NULL: member */
	const char *const	*domains;	/* restriction; n 0: any */
	size_t			 ndomains;
	long long		 max_uses;	/* -1: no limit */
	const char		*expires_at;	/* ISO 8601 in the future, or NULL */
	const char		*creator;	/* member id or userName, or NULL */
};

struct dom_link_issued {
	struct invite_link_row	 row;
	const char		*token;
	const char		*accept_url;
};

int	dom_invite_link_create(struct dom_link_issued *out, struct db_conn *,
	    struct arena *, const char *org_id, const struct dom_link_new *,
	    const char *accept_base, struct err *err);
int	dom_invite_link_list(struct invite_link_row **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
/* Revokes a link; nobody who joined through it is removed. */
int	dom_invite_link_revoke(struct db_conn *, struct arena *,
	    const char *org_id, const char *id, struct err *err);

/*
 * Accepts an invitation or link token for the signed-in `email` of the
 * org that owns `sso_secret`: a new member and a session. 401 for a bad
 * secret; 404 for an unknown token; 410 for one expired, cancelled,
 * replaced, used, revoked or used up; 403 for another address, a domain
 * outside the link's or the org's rule, or no free seat; 409 for an
 * address that is a member already.
 */
int	dom_invite_accept(struct dom_session *out, struct db_conn *,
	    struct arena *, const char *sso_secret, size_t secret_len,
	    const char *token, const char *email, const char *subject,
	    struct err *err);

/*
 * Inside a SCIM provision's transaction, after member m is inserted:
 * consumes the pending invitation of its userName or email (marked
 * accepted by provisioning). The role rule: a role the IdP sent
 * (`role_asked` not NULL) wins; otherwise the member gets the role of
 * the invitation, and m->role is updated. No invitation: nothing.
 */
int	dom_invite_consume_for_provision(struct member_row *m,
	    struct db_conn *, struct arena *, const struct dom_actor *,
	    const char *email, const char *role_asked, struct err *err);

/*
 * Inside a removal's transaction: ends the live links member m created
 * (invite_link.revoked, reason creator_removed). Invitations m sent stay.
 */
int	dom_invite_links_end_for_member(struct db_conn *, struct arena *,
	    const struct dom_actor *, const struct member_row *m,
	    struct err *err);

#endif
