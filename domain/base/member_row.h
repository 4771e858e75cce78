/* SPDX-License-Identifier: MIT */
/*
 * domain/base/member_row.h
 *
 * A membership as every layer sees it: storage fills it, domain decides
 * on it, scim renders it. Plain data; strings are borrowed from the
 * request arena.
 */
#ifndef SCIMD_MEMBER_ROW_H
#define SCIMD_MEMBER_ROW_H

#include "domain/base/query.h"

struct member_row {
	const char	*id;
	const char	*org_id;
	const char	*person_id;
	const char	*user_name;
	const char	*external_id;
	const char	*display_name;
	const char	*role;		/* held directly: SCIM or operator */
	const char	*group_role;	/* granted by a group mapping, or NULL */
	const char	*email;		/* primary email as sent, or NULL */
	int		 active;
	int		 managed;
	const char	*resource;	/* stored-form JSON text */
	long long	 version;
	const char	*created;	/* ISO 8601 UTC, milliseconds */
	const char	*updated;
};

struct member_query {
	const struct query_node	*filter;	/* NULL: all */
	const struct query_path	*sort_by;	/* NULL: creation order */
	int			 descending;
	long long		 offset;	/* 0-based */
	long long		 limit;		/* 0: count only */
	struct query_cursor	*cursor;	/* non-NULL: cursor paging, no offset */
};

#endif
