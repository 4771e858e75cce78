/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/list.c
 *
 * List parameters and the ListResponse. Paging numbers are JSON integers
 * (Okta silently stops on strings) and itemsPerPage is the number of
 * resources actually returned. Parameters come from the query string or
 * a SearchRequest body (scim/resources/search.c) alike.
 */
#include "scim/resources/list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scim/filter/filter.h"
#include "scim/http/request.h"
#include "scim/model/discovery.h"
#include "scim/model/render.h"

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

int
scim_list_sort_by(struct query_path **out, struct arena *a, const char *by,
    const struct schema_rtype *rt, struct err *err)
{
	struct query_path	*p;
	struct schema_ref	 ref;
	const char		*rest;
	char			*name, *dot;
	size_t			 urn;

	*out = NULL;
	if (by == NULL || by[0] == '\0')
		return 0;
	p = arena_alloc(a, sizeof(*p));
	memset(p, 0, sizeof(*p));
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
	*out = p;
	return 0;
}

static int
sort_order(int *descending, const char *order, struct err *err)
{
	*descending = 0;
	if (order != NULL && strcasecmp(order, "descending") == 0)
		*descending = 1;
	else if (order != NULL && order[0] != '\0' &&
	    strcasecmp(order, "ascending") != 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "sortOrder must be \"ascending\" or \"descending\"");
	return 0;
}

/*
 * Cursor paging is asked for by a `cursor` parameter, even an empty one
 * (RFC 9865 §2); without it paging is by index, as before. Sorting works
 * with both: a cursor is a keyset position in the sorted order.
 */
static int
cursor_param(struct scim_list *l, struct arena *a, const struct scim_list_in *in,
    const char *bind, struct err *err)
{
	const char	*v = in->cursor;
	size_t		 i;

	if (v == NULL)
		return 0;
	if (in->start_index != NULL && in->start_index[0] != '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "startIndex and cursor cannot be combined; use one way of "
		    "paging");
	for (i = 0; v[i] != '\0'; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-._~", v[i]) == NULL)
			return err_set(err, 400, ST_INVALID_CURSOR,
			    "cursor is invalid; start again with an empty cursor");
	l->cursor = arena_alloc(a, sizeof(*l->cursor));
	memset(l->cursor, 0, sizeof(*l->cursor));
	l->cursor->in = v;
	l->cursor->bind = bind;
	return 0;
}

int
scim_list_parse(struct scim_list *l, struct arena *a,
    const struct scim_list_in *in, const struct schema_rtype *rt,
    const char *bind, struct err *err)
{
	memset(l, 0, sizeof(*l));
	if (in->filter != NULL && in->filter[0] != '\0') {
		if (scim_filter_parse(&l->filter, a, in->filter, err) == -1 ||
		    (rt != NULL && scim_filter_check(l->filter, rt, err) == -1))
			return -1;
	}
	if (int_param(&l->start_index, in->start_index, 1, "startIndex",
	    err) == -1 ||
	    int_param(&l->count, in->count, SCIM_MAX_RESULTS, "count", err) == -1)
		return -1;
	if (l->start_index < 1)
		l->start_index = 1;
	if (l->count < 0)
		l->count = 0;
	if (l->count > SCIM_MAX_RESULTS)
		l->count = SCIM_MAX_RESULTS;
	if (sort_order(&l->descending, in->sort_order, err) == -1 ||
	    (rt != NULL &&
	    scim_list_sort_by(&l->sort_by, a, in->sort_by, rt, err) == -1) ||
	    cursor_param(l, a, in, bind, err) == -1)
		return -1;
	if (rt == NULL)
		return 0;
	return scim_projection_parse(&l->projection, a, rt, in->attributes,
	    in->excluded, err);
}

void
scim_list_in_query(struct scim_list_in *in, struct scim_req *req)
{
	in->filter = scim_query_param(req, "filter");
	in->sort_by = scim_query_param(req, "sortBy");
	in->sort_order = scim_query_param(req, "sortOrder");
	in->start_index = scim_query_param(req, "startIndex");
	in->count = scim_query_param(req, "count");
	in->attributes = scim_query_param(req, "attributes");
	in->excluded = scim_query_param(req, "excludedAttributes");
	in->cursor = scim_query_param(req, "cursor");
}

int
scim_list_params(struct scim_list *l, struct scim_req *req,
    const struct schema_rtype *rt, const char *bind, struct err *err)
{
	struct scim_list_in	in;

	scim_list_in_query(&in, req);
	return scim_list_parse(l, &req->arena, &in, rt, bind, err);
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

/* RFC 9865: nextCursor is left out exactly on the last page. */
cJSON *
scim_list_reply(cJSON *items, long long total, const struct scim_list *l)
{
	cJSON	*o, *schemas;

	if (l->cursor == NULL)
		return scim_list_response(items, total, l->start_index);
	o = cJSON_CreateObject();
	schemas = cJSON_AddArrayToObject(o, "schemas");
	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCIM_URN_LIST));
	cJSON_AddNumberToObject(o, "totalResults", (double)total);
	cJSON_AddNumberToObject(o, "itemsPerPage", cJSON_GetArraySize(items));
	if (l->cursor->next != NULL)
		cJSON_AddStringToObject(o, "nextCursor", l->cursor->next);
	if (l->cursor->prev != NULL)
		cJSON_AddStringToObject(o, "previousCursor", l->cursor->prev);
	cJSON_AddItemToObject(o, "Resources", items);
	return o;
}
