/* SPDX-License-Identifier: MIT */
/*
 * storage/session.h
 *
 * Product sign-in sessions and the SSO secret that lets the product's
 * sign-in path ask for them. Secrets are looked up by SHA-256 hex.
 */
#ifndef SCIMD_ST_SESSION_H
#define SCIMD_ST_SESSION_H

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/db.h"

/* The org whose SSO secret has this hash; 401 when none. */
int	db_org_by_sso_secret(const char **org_id, struct db_conn *,
	    struct arena *, const char *hash_hex, struct err *err);
int	db_org_set_sso_secret(struct db_conn *, const char *org_id,
	    const char *hash_hex, struct err *err);
/*
 * The live member signing in as `email`: by userName, else by primary
 * email. 404 when none.
 */
int	db_member_for_login(struct member_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *email,
	    struct err *err);
int	db_session_insert(const char **id, struct db_conn *, struct arena *,
	    const char *org_id, const char *member_id, const char *hash_hex,
	    struct err *err);
/* Deletes the org's sessions past either lifetime of its policy. */
int	db_session_sweep(struct db_conn *, const char *org_id,
	    struct err *err);
/*
 * The member of a live session (not revoked, within the org's idle and
 * absolute lifetimes, member active), whose idle time starts again;
 * 401 if none.
 */
int	db_session_member(struct member_row *out, struct db_conn *,
	    struct arena *, const char *hash_hex, struct err *err);

#endif
