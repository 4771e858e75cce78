/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/search_int.h
 *
 * What scim/resources/search.c shares with the root search (scim/resources/search_root.c).
 */
#ifndef SCIMD_SEARCH_INT_H
#define SCIMD_SEARCH_INT_H

#include <cjson/cJSON.h>

#include "scim/resources/search.h"

/* One resource type's part of a list: its query and its total. */
struct search_part {
	const struct schema_rtype	*rt;
	const struct query_node		*filter;
	const struct query_path		*sort_by;
	struct scim_projection		 projection;
	struct query_cursor		*cursor;	/* NULL: index paging */
	long long			 offset;
	long long			 limit;		/* 0: count only */
	long long			 total;		/* out */
};

/* Runs a part, appending its rendered resources to items. */
int	scim_search_part(cJSON *items, struct search_part *,
	    struct scim_call *, int descending, struct err *err);

/* Reads a SearchRequest body into parameter text (400 when malformed). */
int	scim_search_body(struct scim_list_in *, struct scim_req *,
	    struct err *err);

#endif
