/* SPDX-License-Identifier: MIT */
/*
 * domain/sso.h
 *
 * Product sign-in: the org's sign-in path, holding its SSO secret, asks
 * for a session for an email. Active members get one; deactivated ones
 * never; unknown people are provisioned just in time when their domain
 * is verified with JIT on, else they need an invitation.
 */
#ifndef SCIMD_DOM_SSO_H
#define SCIMD_DOM_SSO_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"

struct db_conn;

struct dom_session {
	const char		*token;		/* shown once */
	struct member_row	 member;
	int			 provisioned;	/* created just in time */
};

/*
 * Signs `email` in to the org that owns `sso_secret`. 401 for a bad
 * secret, 403 for a deactivated member or an uninvited person, 400 for
 * a malformed email. A JIT sign-in racing a SCIM POST for the same
 * person yields one membership: both lock the org row, so the second
 * finds the first's member.
 */
int	dom_sso_login(struct dom_session *out, struct db_conn *, struct arena *,
	    const char *sso_secret, size_t secret_len, const char *email,
	    const char *subject, struct err *err);

/* The member of a live session token; 401 once it is revoked. */
int	dom_sso_session(struct member_row *out, struct db_conn *,
	    struct arena *, const char *token, size_t len, struct err *err);

/* Sets a new SSO secret for the org and returns it (shown once). */
int	dom_sso_secret_rotate(const char **secret, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);

#endif
