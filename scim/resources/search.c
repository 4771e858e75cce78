/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/search.c
 *
 * Lists and searches. A SearchRequest body carries the same parameters
 * as a GET query string and gets the same answer. The root /.search
 * lists matching Users, then matching Groups, in one ListResponse: its
 * paging runs across both (index paging over the concatenation; a cursor
 * names the phase, "u." or "g.", then the per-type cursor). A filter
 * attribute only one type has is false for the other type, so
 * `userName sw "a" or displayName sw "a"` finds users and groups; one
 * that neither type has is 400 invalidFilter. sortBy orders each type
 * by itself; a type without the attribute keeps creation order.
 */
#include "scim/resources/search_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "domain/base/log.h"
#include "domain/group.h"
#include "domain/member.h"
#include "scim/http/request.h"
#include "scim/filter/filter.h"
#include "scim/model/render.h"
#include "scim/model/resource.h"

static const struct schema_rtype *const USER = &schema_rtype_user;
static const struct schema_rtype *const GROUP = &schema_rtype_group;

static void
add_users(cJSON *items, struct scim_call *c, const struct member_row *rows,
    size_t n, const struct scim_projection *p)
{
	cJSON	*doc;
	size_t	 i;

	for (i = 0; i < n; i++) {
		doc = scim_resource_user(&rows[i], c->req->base_url);
		if (doc == NULL) {
			log_error("member %s has an unreadable stored resource",
			    rows[i].id);
			continue;
		}
		scim_project(doc, p, USER);
		cJSON_AddItemToArray(items, doc);
	}
}

static void
add_groups(cJSON *items, struct scim_call *c, const struct group_row *rows,
    size_t n, const struct scim_projection *p)
{
	cJSON	*doc;
	size_t	 i;

	for (i = 0; i < n; i++) {
		doc = scim_resource_group(&rows[i], c->req->base_url);
		if (doc == NULL) {
			log_error("group %s has an unreadable stored resource",
			    rows[i].id);
			continue;
		}
		scim_project(doc, p, GROUP);
		cJSON_AddItemToArray(items, doc);
	}
}

int
scim_search_part(cJSON *items, struct search_part *pt, struct scim_call *c,
    int descending, struct err *err)
{
	struct member_query	 mq;
	struct group_query	 gq;
	struct member_row	*mrows;
	struct group_row	*grows;
	size_t			 n;

	if (pt->rt == USER) {
		memset(&mq, 0, sizeof(mq));
		mq.filter = pt->filter;
		mq.sort_by = pt->sort_by;
		mq.descending = descending;
		mq.offset = pt->offset;
		mq.limit = pt->limit;
		mq.cursor = pt->cursor;
		if (dom_member_list(&mrows, &n, &pt->total, c->conn,
		    &c->req->arena, c->actor, &mq, err) == -1)
			return -1;
		add_users(items, c, mrows, n, &pt->projection);
		return 0;
	}
	memset(&gq, 0, sizeof(gq));
	gq.filter = pt->filter;
	gq.sort_by = pt->sort_by;
	gq.descending = descending;
	gq.offset = pt->offset;
	gq.limit = pt->limit;
	gq.cursor = pt->cursor;
	gq.with_members = !scim_projection_excludes(&pt->projection, "members");
	if (dom_group_list(&grows, &n, &pt->total, c->conn, &c->req->arena,
	    c->actor, &gq, err) == -1)
		return -1;
	add_groups(items, c, grows, n, &pt->projection);
	return 0;
}

int
scim_search_run(struct scim_call *c, const struct scim_list *l,
    const struct schema_rtype *rt, struct err *err)
{
	struct search_part	 pt;
	cJSON			*items = cJSON_CreateArray();

	memset(&pt, 0, sizeof(pt));
	pt.rt = rt;
	pt.filter = l->filter;
	pt.sort_by = l->sort_by;
	pt.projection = l->projection;
	pt.cursor = l->cursor;
	pt.offset = l->start_index - 1;
	pt.limit = l->count;
	if (scim_search_part(items, &pt, c, l->descending, err) == -1) {
		cJSON_Delete(items);
		return -1;
	}
	scim_render_json(c->resp, 200, scim_list_reply(items, pt.total, l));
	return 0;
}

/* A SearchRequest string member; absent and null are NULL. */
static int
body_str(const char **out, struct arena *a, const cJSON *body,
    const char *name, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItem(body, name);

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "SearchRequest attribute \"%s\" must be a string", name);
	*out = arena_strdup(a, v->valuestring);
	return 0;
}

/* An integer member as text: a JSON number (or, leniently, a string). */
static int
body_int(const char **out, struct arena *a, const cJSON *body,
    const char *name, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItem(body, name);

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble) {
		*out = arena_printf(a, "%lld", (long long)v->valuedouble);
		return 0;
	}
	if (cJSON_IsString(v))
		return body_str(out, a, body, name, err);
	return err_set(err, 400, ST_INVALID_VALUE,
	    "SearchRequest attribute \"%s\" must be an integer", name);
}

/* attributes / excludedAttributes: an array of names, joined by commas. */
static int
body_list(const char **out, struct arena *a, const cJSON *body,
    const char *name, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItem(body, name), *it;
	char		*s;
	size_t		 len = 0, n;

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v))
		return body_str(out, a, body, name, err);
	if (!cJSON_IsArray(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "SearchRequest attribute \"%s\" must be an array of "
		    "attribute names", name);
	/* Sized first, then filled: appending name by name would copy the
	 * list so far each time, quadratic in the number of names. */
	cJSON_ArrayForEach(it, v) {
		if (!cJSON_IsString(it))
			return err_set(err, 400, ST_INVALID_VALUE,
			    "SearchRequest attribute \"%s\" must be an array of "
			    "attribute names", name);
		len += strlen(it->valuestring) + 1;
	}
	s = arena_alloc(a, len + 1);
	len = 0;
	cJSON_ArrayForEach(it, v) {
		if (len > 0)
			s[len++] = ',';
		n = strlen(it->valuestring);
		memcpy(s + len, it->valuestring, n);
		len += n;
	}
	s[len] = '\0';
	*out = s;
	return 0;
}

static int
has_search_schema(const cJSON *body)
{
	const cJSON	*it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(body, "schemas"))
		if (cJSON_IsString(it) &&
		    strcasecmp(it->valuestring, SCIM_URN_SEARCH) == 0)
			return 1;
	return 0;
}

int
scim_search_body(struct scim_list_in *in, struct scim_req *req,
    struct err *err)
{
	cJSON		*body = NULL;
	struct arena	*a = &req->arena;
	int		 rc = -1;

	memset(in, 0, sizeof(*in));
	if (scim_body_json(&body, req, err) == -1)
		return -1;
	if (!cJSON_IsObject(body) || !has_search_schema(body)) {
		err_set(err, 400, ST_INVALID_SYNTAX, "request body must be a "
		    "SearchRequest with schemas [\"" SCIM_URN_SEARCH "\"]");
		goto out;
	}
	if (body_str(&in->filter, a, body, "filter", err) == -1 ||
	    body_str(&in->sort_by, a, body, "sortBy", err) == -1 ||
	    body_str(&in->sort_order, a, body, "sortOrder", err) == -1 ||
	    body_int(&in->start_index, a, body, "startIndex", err) == -1 ||
	    body_int(&in->count, a, body, "count", err) == -1 ||
	    body_list(&in->attributes, a, body, "attributes", err) == -1 ||
	    body_list(&in->excluded, a, body, "excludedAttributes", err) == -1 ||
	    body_str(&in->cursor, a, body, "cursor", err) == -1)
		goto out;
	rc = 0;
out:
	cJSON_Delete(body);
	return rc;
}

static int
search_type(struct scim_call *c, const struct schema_rtype *rt,
    const char *bind, struct err *err)
{
	struct scim_list_in	in;
	struct scim_list	l;

	if (scim_search_body(&in, c->req, err) == -1 ||
	    scim_list_parse(&l, &c->req->arena, &in, rt, bind, err) == -1)
		return -1;
	return scim_search_run(c, &l, rt, err);
}

int
scim_search_users(struct scim_call *c, struct err *err)
{
	return search_type(c, USER, "Users", err);
}

int
scim_search_groups(struct scim_call *c, struct err *err)
{
	return search_type(c, GROUP, "Groups", err);
}
