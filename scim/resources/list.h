/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/list.h
 *
 * Query parameters of a list request (RFC 7644 §3.4.2: filter, sortBy,
 * sortOrder, startIndex, count, attributes, excludedAttributes) and the
 * ListResponse envelope.
 */
#ifndef SCIMD_LIST_H
#define SCIMD_LIST_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "scim/http/http.h"
#include "scim/model/project.h"

struct scim_list {
	struct query_node	*filter;	/* NULL: no filter */
	struct query_path	*sort_by;	/* NULL: creation order */
	int			 descending;
	long long		 start_index;	/* 1-based, >= 1 */
	long long		 count;		/* 0..SCIM_MAX_RESULTS */
	struct scim_projection	 projection;
	struct query_cursor	*cursor;	/* non-NULL: cursor paging */
};

/*
 * The parameters as text, from the query string or a SearchRequest body;
 * NULL when absent. `cursor` is "" for the first page of cursor paging.
 */
struct scim_list_in {
	const char	*filter;
	const char	*sort_by;
	const char	*sort_order;
	const char	*start_index;
	const char	*count;
	const char	*attributes;
	const char	*excluded;
	const char	*cursor;
};

/*
 * Reads the parameters from the query string. startIndex < 1 counts as
 * 1, a negative count as 0, a count above the advertised maximum as the
 * maximum (never an error, as the RFC asks). A bad filter is 400
 * invalidFilter; a bad sortBy or sortOrder 400 invalidValue; startIndex
 * together with cursor 400 invalidValue. `bind` names the endpoint a
 * cursor is bound to.
 */
int	scim_list_params(struct scim_list *, struct scim_req *,
	    const struct schema_rtype *rt, const char *bind, struct err *err);

/* The query-string parameters of req as text. */
void	scim_list_in_query(struct scim_list_in *, struct scim_req *);

/*
 * As scim_list_params from text; rt NULL (the root /.search) skips the
 * filter's schema check and sortBy (the caller does both per type).
 */
int	scim_list_parse(struct scim_list *, struct arena *,
	    const struct scim_list_in *, const struct schema_rtype *rt,
	    const char *bind, struct err *err);

/* Resolves sortBy text against rt; *out NULL when text is empty. */
int	scim_list_sort_by(struct query_path **out, struct arena *,
	    const char *text, const struct schema_rtype *rt, struct err *err);

/*
 * The ListResponse for `items` (consumed): index paging reports
 * startIndex, cursor paging nextCursor/previousCursor instead (RFC 9865).
 */
cJSON	*scim_list_reply(cJSON *items, long long total, const struct scim_list *);

/* The index-paging ListResponse for `items` (consumed). */
cJSON	*scim_list_response(cJSON *items, long long total, long long start_index);


#endif
