/* SPDX-License-Identifier: MIT */
/*
 * domain/base/group_row.h
 *
 * A group as every layer sees it. Members are loaded only when asked
 * for (a group may have 100k of them). Strings are borrowed from the
 * request arena.
 */
#ifndef SCIMD_GROUP_ROW_H
#define SCIMD_GROUP_ROW_H

#include <stddef.h>

#include "domain/base/query.h"

struct group_member_ref {
	const char	*id;		/* member (SCIM User) id */
	const char	*display;	/* as sent, else the user's display name */
};

struct group_row {
	const char			*id;
	const char			*org_id;
	const char			*display_name;
	const char			*external_id;
	const char			*role;		/* role it grants, or NULL */
	const char			*resource;	/* stored form, no members */
	long long			 version;
	const char			*created;
	const char			*updated;
	int				 members_loaded;
	const struct group_member_ref	*members;
	size_t				 nmembers;
};

/* A membership change: clear first, then remove, then add. */
struct group_delta {
	int				 clear;
	const struct group_member_ref	*add;
	size_t				 nadd;
	const char *const		*remove;
	size_t				 nremove;
};

struct group_query {
	const struct query_node	*filter;
	const struct query_path	*sort_by;
	int			 descending;
	long long		 offset;
	long long		 limit;
	struct query_cursor	*cursor;	/* non-NULL: cursor paging, no offset */
	int			 with_members;
};

#endif
