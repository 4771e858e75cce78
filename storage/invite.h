/* SPDX-License-Identifier: MIT */
/*
 * storage/invite.h
 *
 * Invitations and invite links. Rows are copied into the caller's arena
 * (borrowed, valid until the request ends). Tokens arrive as a selector
 * and a hex SHA-256; the comparison of the hash is the domain's. Writes
 * run inside db_tx_run.
 */
#ifndef SCIMD_ST_INVITE_H
#define SCIMD_ST_INVITE_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/invite_row.h"
#include "storage/db.h"

/* What a new invitation stores; it expires ttl_seconds from now. */
struct db_invite_write {
	const char	*email;
	const char	*role;
	const char	*selector;
	const char	*hash_hex;
	const char	*invited_by;	/* member id, or NULL */
	long		 ttl_seconds;
};

/* 409 uniqueness when the address has a pending invitation already. */
int	db_invite_insert(struct invite_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const struct db_invite_write *,
	    struct err *err);
/* 404 when the org has no such invitation. */
int	db_invite_get(struct invite_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const char *id, int for_update, struct err *err);
/* Any org's invitation by token selector, locked; 404 when none. */
int	db_invite_by_selector(struct invite_row *out, struct db_conn *,
	    struct arena *, const char *selector, struct err *err);
/*
 * The pending invitation of `email` in the org, else of `or_email` (NULL:
 * none), locked (expired or not); *found 0 when there is none.
 */
int	db_invite_pending_of(struct invite_row *out, int *found,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *email, const char *or_email, struct err *err);
/* Newest first; *rows is an arena array of *n. */
int	db_invite_list(struct invite_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/*
 * Ends a pending invitation: state "accepted" (with the member and
 * via), "cancelled" or "reinvited" (with replaced_by). 409 when it is
 * no longer pending.
 */
int	db_invite_end(struct db_conn *, const char *id, const char *state,
	    const char *member_id, const char *via, const char *replaced_by,
	    struct err *err);

/* Links an ended invitation to the one that replaced it. */
int	db_invite_replaced(struct db_conn *, const char *id, const char *by,
	    struct err *err);

struct db_link_write {
	const char		*role;
	const char *const	*domains;
	size_t			 ndomains;
	long long		 max_uses;	/* -1: none */
	const char		*expires_at;	/* ISO 8601, or NULL */
	const char		*selector;
	const char		*hash_hex;
	const char		*created_by;	/* member id, or NULL */
};

int	db_link_insert(struct invite_link_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const struct db_link_write *,
	    struct err *err);
/* 404 when the org has no such link. */
int	db_link_get(struct invite_link_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *id,
	    struct err *err);
/* Any org's link by token selector, locked; 404 when none. */
int	db_link_by_selector(struct invite_link_row *out, struct db_conn *,
	    struct arena *, const char *selector, struct err *err);
int	db_link_list(struct invite_link_row **rows, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
/* Revokes a live link; *changed 0 when it was revoked already. */
int	db_link_revoke(int *changed, struct db_conn *, const char *org_id,
	    const char *id, const char *reason, struct err *err);
/* Counts one use (the caller holds the row lock and checked the limit). */
int	db_link_use(struct db_conn *, const char *id, struct err *err);
/*
 * Revokes the live links the member created ("creator_removed"); *ids is
 * an arena array of the *n links revoked.
 */
int	db_links_end_for_member(const char ***ids, size_t *n, struct db_conn *,
	    struct arena *, const char *member_id, struct err *err);

/* The org's invites_admit_outsiders setting. */
int	db_org_invites_admit_outsiders(int *yes, struct db_conn *,
	    const char *org_id, struct err *err);
int	db_org_set_invites_admit_outsiders(struct db_conn *, const char *org_id,
	    int yes, struct err *err);

#endif
