/* SPDX-License-Identifier: MIT */
/*
 * scim/list.h
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
#include "scim/http.h"
#include "scim/project.h"

struct scim_list {
	struct query_node	*filter;	/* NULL: no filter */
	struct query_path	*sort_by;	/* NULL: creation order */
	int			 descending;
	long long		 start_index;	/* 1-based, >= 1 */
	long long		 count;		/* 0..SCIM_MAX_RESULTS */
	struct scim_projection	 projection;
};

/*
 * Reads the parameters from the query string. startIndex < 1 counts as
 * 1, a negative count as 0, a count above the advertised maximum as the
 * maximum (never an error, as the RFC asks). A bad filter is 400
 * invalidFilter; a bad sortBy or sortOrder 400 invalidValue.
 */
int	scim_list_params(struct scim_list *, struct scim_req *,
	    const struct schema_rtype *rt, struct err *err);

/* The ListResponse for `items` (consumed). */
cJSON	*scim_list_response(cJSON *items, long long total, long long start_index);

/* Applies the request's attributes/excludedAttributes to doc. */
int	scim_project_from_query(cJSON *doc, struct scim_req *,
	    const struct schema_rtype *rt, struct err *err);

#endif
