/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/search.h
 *
 * Listing resources: GET /Users and /Groups, and POST /.search on
 * /Users, /Groups and the root (RFC 7644 §3.4.3), with index or cursor
 * paging (RFC 9865). Each fills the response, or returns -1 with err set.
 */
#ifndef SCIMD_SEARCH_H
#define SCIMD_SEARCH_H

#include "domain/base/schema.h"
#include "scim/http/call.h"
#include "scim/resources/list.h"

#define SCIM_URN_SEARCH	"urn:ietf:params:scim:api:messages:2.0:SearchRequest"

/* Lists resources of rt (User or Group) as l says and replies. */
int	scim_search_run(struct scim_call *, const struct scim_list *l,
	    const struct schema_rtype *rt, struct err *err);

/* POST /Users/.search, /Groups/.search and /.search. */
int	scim_search_users(struct scim_call *, struct err *err);
int	scim_search_groups(struct scim_call *, struct err *err);
int	scim_search_root(struct scim_call *, struct err *err);

#endif
