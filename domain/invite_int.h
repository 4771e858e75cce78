/* SPDX-License-Identifier: MIT */
/*
 * domain/invite_int.h
 *
 * What the invitation files (domain/invite*.c) share: tokens (issue,
 * read, compare in constant time) and the verdicts on an invitation or
 * link as pure functions over its row, unit-tested without a database.
 * Not a public API.
 */
#ifndef SCIMD_DOM_INVITE_INT_H
#define SCIMD_DOM_INVITE_INT_H

#include "domain/invite.h"
#include "domain/secret.h"

#define DOM_INVITE_PREFIX	"inv"
#define DOM_LINK_PREFIX		"invl"
/* Characters of the random part that find the row (96 of 256 bits). */
#define DOM_INVITE_SELECTOR_LEN	16

/* A token as issued: all three strings in the arena. */
struct dom_invite_token {
	const char	*token;
	const char	*selector;
	const char	*hash;		/* hex SHA-256 of the whole token */
};

int	dom_invite_token_new(struct dom_invite_token *out, struct arena *,
	    const char *prefix, struct err *err);
/*
 * Reads a presented token: whether it is a link's, its selector and the
 * hash to compare. 404 (the token names nothing) when malformed.
 */
int	dom_invite_token_read(struct dom_invite_token *out, int *is_link,
	    struct arena *, const char *token, struct err *err);
/* Whether two hex hashes are equal, in time independent of where they differ. */
int	dom_invite_token_matches(const char *stored, const char *presented);

/* "<base>/invitations/accept?token=<token>" (arena). */
const char *dom_invite_accept_url(struct arena *, const char *base,
	    const char *token);

/* 400 unless email is an address (local@domain, at most 320 bytes). */
int	dom_invite_email_valid(const char *email, struct err *err);
/* 400 unless role is admin, member or viewer. */
int	dom_invite_role_valid(const char *role, struct err *err);

/*
 * Whether `email` may accept invitation r now: 410 when it was accepted,
 * cancelled, replaced by a re-invite or has expired; 403 when it is for
 * another address.
 */
int	dom_invite_verdict(const struct invite_row *r, const char *email,
	    struct err *err);
/*
 * Whether `email` may join through link r now: 410 when revoked, expired
 * or used up; 403 when its domain is not one of the link's.
 */
int	dom_invite_link_verdict(const struct invite_link_row *r,
	    const char *email, struct err *err);

#endif
