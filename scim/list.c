/* SPDX-License-Identifier: MIT */
/*
 * scim/list.c
 *
 * List parameters and the ListResponse. Paging numbers are JSON integers
 * (Okta silently stops on strings) and itemsPerPage is the number of
 * resources actually returned.
 */
#include "scim/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scim/discovery.h"
#include "scim/filter.h"
#include "scim/handlers.h"
#include "scim/render.h"

/* Integer parameter; garbage is a 400, out-of-range values clamp. */
static int
int_param(long long *out, const char *v, long long dflt, const char *name,
    struct err *err)
{
	char		*end;
	long long	 n;

	*out = dflt;
	if (v == NULL || v[0] == '\0')
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "parameter \"%s\" must be an integer", name);
	if (errno == ERANGE)
		n = n < 0 ? -1 : (1LL << 40);
	*out = n;
	return 0;
}

static int
sort_param(struct scim_list *l, struct arena *a, const char *by,
    const char *order, const struct schema_rtype *rt, struct err *err)
{
	struct query_path	*p;
	struct schema_ref	 ref;
	const char		*rest;
	char			*name, *dot;
	size_t			 urn;

	if (order != NULL && strcasecmp(order, "descending") == 0)
		l->descending = 1;
	else if (order != NULL && order[0] != '\0' &&
	    strcasecmp(order, "ascending") != 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "sortOrder must be \"ascending\" or \"descending\"");
	if (by == NULL || by[0] == '\0')
		return 0;
	p = arena_alloc(a, sizeof(*p));
	urn = schema_split_urn(rt, by, &rest);
	if (urn > 0)
		p->urn = arena_strndup(a, by, urn);
	name = arena_strdup(a, rest);
	dot = strchr(name, '.');
	if (dot != NULL)
		*dot++ = '\0';
	p->attr = name;
	p->sub = dot;
	if (schema_resolve(&ref, rt, p->urn, p->attr, p->sub) == -1)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "unrecognized sortBy attribute \"%s\"", by);
	l->sort_by = p;
	return 0;
}

int
scim_list_params(struct scim_list *l, struct scim_req *req,
    const struct schema_rtype *rt, struct err *err)
{
	const char	*filter = scim_query_param(req, "filter");

	memset(l, 0, sizeof(*l));
	if (filter != NULL && filter[0] != '\0') {
		if (scim_filter_parse(&l->filter, &req->arena, filter, err) == -1 ||
		    scim_filter_check(l->filter, rt, err) == -1)
			return -1;
	}
	if (int_param(&l->start_index, scim_query_param(req, "startIndex"), 1,
	    "startIndex", err) == -1 ||
	    int_param(&l->count, scim_query_param(req, "count"),
	    SCIM_MAX_RESULTS, "count", err) == -1)
		return -1;
	if (l->start_index < 1)
		l->start_index = 1;
	if (l->count < 0)
		l->count = 0;
	if (l->count > SCIM_MAX_RESULTS)
		l->count = SCIM_MAX_RESULTS;
	if (sort_param(l, &req->arena, scim_query_param(req, "sortBy"),
	    scim_query_param(req, "sortOrder"), rt, err) == -1)
		return -1;
	return scim_projection_parse(&l->projection, &req->arena, rt,
	    scim_query_param(req, "attributes"),
	    scim_query_param(req, "excludedAttributes"), err);
}

cJSON *
scim_list_response(cJSON *items, long long total, long long start_index)
{
	cJSON	*o = cJSON_CreateObject();
	cJSON	*schemas = cJSON_AddArrayToObject(o, "schemas");

	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCIM_URN_LIST));
	cJSON_AddNumberToObject(o, "totalResults", (double)total);
	cJSON_AddNumberToObject(o, "itemsPerPage", cJSON_GetArraySize(items));
	cJSON_AddNumberToObject(o, "startIndex", (double)start_index);
	cJSON_AddItemToObject(o, "Resources", items);
	return o;
}

int
scim_project_from_query(cJSON *doc, struct scim_req *req,
    const struct schema_rtype *rt, struct err *err)
{
	struct scim_projection	p;

	if (scim_projection_parse(&p, &req->arena, rt,
	    scim_query_param(req, "attributes"),
	    scim_query_param(req, "excludedAttributes"), err) == -1)
		return -1;
	scim_project(doc, &p, rt);
	return 0;
}
