/* SPDX-License-Identifier: MIT */
/*
 * domain/base/invite_row.h
 *
 * Invitations and invite links as every layer sees them: storage fills
 * them, domain decides on them, scim renders them. Plain data; strings
 * are borrowed from the request arena. Never the token itself: only its
 * hash, which no layer above domain/ reads.
 */
#ifndef SCIMD_INVITE_ROW_H
#define SCIMD_INVITE_ROW_H

#include <stddef.h>

struct invite_row {
	const char	*id;
	const char	*org_id;
	const char	*email;
	const char	*role;
	/* pending, accepted, cancelled or reinvited, as stored */
	const char	*state;
	int		 expired;	/* pending and past expires */
	const char	*invited_by;	/* member id, or NULL */
	const char	*invited_by_user_name;
	int		 inviter_removed;	/* the inviter's membership ended */
	const char	*created;	/* ISO 8601 UTC */
	const char	*expires;
	const char	*ended;		/* accepted, cancelled or replaced; or NULL */
	const char	*accepted_member_id;
	const char	*accepted_via;	/* "invitation" or "scim", or NULL */
	const char	*replaced_by;
	const char	*token_hash;	/* hex SHA-256 */
};

struct invite_link_row {
	const char	*id;
	const char	*org_id;
	const char	*role;
	const char	**domains;	/* lower-case; ndomains 0: any */
	size_t		 ndomains;
	long long	 max_uses;	/* -1: no limit */
	long long	 uses;
	const char	*expires;	/* or NULL: never */
	int		 expired;
	const char	*created_by;	/* member id, or NULL */
	const char	*created_by_user_name;
	const char	*created;
	const char	*revoked;	/* or NULL */
	const char	*revoked_reason;	/* revoked, creator_removed */
	const char	*token_hash;
};

#endif
