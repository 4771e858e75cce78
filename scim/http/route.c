/* SPDX-License-Identifier: MIT */
/*
 * scim/http/route.c
 *
 * The routing table. Endpoint names match case-insensitively (some
 * clients send /users); ids are passed through as sent.
 */
#include "scim/http/route.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include <cjson/cJSON.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "domain/org.h"
#include "scim/admin/admin.h"
#include "scim/model/discovery.h"
#include "scim/resources/handlers.h"
#include "scim/model/render.h"
#include "scim/resources/search.h"

#define BASE	"/scim/v2"

enum route_kind {
	R_NONE, R_HEALTH, R_READY, R_SPC, R_RTYPES, R_RTYPE, R_SCHEMAS,
	R_SCHEMA, R_USERS, R_USER, R_GROUPS, R_GROUP, R_SSO_LOGIN, R_SSO_SESSION,
	R_ADMIN, R_SEARCH, R_USERS_SEARCH, R_GROUPS_SEARCH, R_BULK
};

struct route {
	enum route_kind	 kind;
	const char	*name;		/* for the request log */
	const char	*id;
};

static int
seg_is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(p, name, n) == 0;
}

/* Splits path below /scim/v2 into at most two segments. */
static void
match(struct route *r, struct arena *a, const char *path)
{
	const char	*p, *slash;
	size_t		 n1, len = strlen(path);

	memset(r, 0, sizeof(*r));
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 8 && strncmp(path, "/healthz", 8) == 0) {
		r->kind = R_HEALTH;
		r->name = "/healthz";
		return;
	}
	if (len == 7 && strncmp(path, "/readyz", 7) == 0) {
		r->kind = R_READY;
		r->name = "/readyz";
		return;
	}
	if (len == 13 && strncmp(path, "/sso/v1/login", 13) == 0) {
		r->kind = R_SSO_LOGIN;
		r->name = "/sso/v1/login";
		return;
	}
	if (len == 15 && strncmp(path, "/sso/v1/session", 15) == 0) {
		r->kind = R_SSO_SESSION;
		r->name = "/sso/v1/session";
		return;
	}
	/* Everything below /admin/v1 is parsed by scim/admin/admin.c. */
	if (len >= 9 && strncmp(path, "/admin/v1", 9) == 0 &&
	    (len == 9 || path[9] == '/')) {
		r->kind = R_ADMIN;
		r->name = "/admin/v1";
		return;
	}
	if (len <= strlen(BASE) + 1 || strncasecmp(path, BASE "/", strlen(BASE) + 1) != 0)
		return;
	p = path + strlen(BASE) + 1;
	len -= strlen(BASE) + 1;
	slash = memchr(p, '/', len);
	n1 = slash ? (size_t)(slash - p) : len;
	if (slash != NULL) {
		const char	*id = slash + 1;
		size_t		 idlen = len - n1 - 1;

		if (idlen == 0 || memchr(id, '/', idlen) != NULL)
			return;
		r->id = arena_strndup(a, id, idlen);
	}
	/*
	 * /serviceConfiguration is what Microsoft's reference server and its
	 * test collection call the RFC's /ServiceProviderConfig.
	 */
	if ((seg_is(p, n1, "ServiceProviderConfig") ||
	    seg_is(p, n1, "serviceConfiguration")) && r->id == NULL) {
		r->kind = R_SPC;
		r->name = "/ServiceProviderConfig";
	} else if (seg_is(p, n1, "ResourceTypes")) {
		r->kind = r->id ? R_RTYPE : R_RTYPES;
		r->name = r->id ? "/ResourceTypes/{id}" : "/ResourceTypes";
	} else if (seg_is(p, n1, "Schemas")) {
		r->kind = r->id ? R_SCHEMA : R_SCHEMAS;
		r->name = r->id ? "/Schemas/{id}" : "/Schemas";
	} else if (seg_is(p, n1, "Users")) {
		r->kind = r->id ? R_USER : R_USERS;
		r->name = r->id ? "/Users/{id}" : "/Users";
	} else if (seg_is(p, n1, "Bulk") && r->id == NULL) {
		r->kind = R_BULK;
		r->name = "/Bulk";
	} else if (seg_is(p, n1, "Groups")) {
		r->kind = r->id ? R_GROUP : R_GROUPS;
		r->name = r->id ? "/Groups/{id}" : "/Groups";
	} else if (seg_is(p, n1, ".search") && r->id == NULL) {
		r->kind = R_SEARCH;
		r->name = "/.search";
	}
	/* RFC 7644 §3.4.3; no resource id starts with a dot. */
	if (r->id != NULL && strcmp(r->id, ".search") == 0 &&
	    (r->kind == R_USER || r->kind == R_GROUP)) {
		r->kind = r->kind == R_USER ? R_USERS_SEARCH : R_GROUPS_SEARCH;
		r->name = r->kind == R_USERS_SEARCH ? "/Users/.search" :
		    "/Groups/.search";
	}
}

static void
fail(struct scim_resp *resp, struct scim_req *req, int status,
    enum scim_type t, const char *detail)
{
	struct err	e = { 0 };

	err_set(&e, status, t, "%s", detail);
	scim_render_error(resp, &req->arena, &e);
}

static void
method_not_allowed(struct scim_resp *resp, struct scim_req *req,
    const char *allow)
{
	struct err	e = { 0 };

	err_set(&e, 405, ST_NONE, "method %s is not allowed here; allowed: %s",
	    req->method_name, allow);
	scim_resp_header(resp, &req->arena, "Allow", allow);
	scim_render_error(resp, &req->arena, &e);
}

static void
discovery(struct scim_resp *resp, struct scim_req *req, const struct route *r,
    long max_body)
{
	cJSON	*doc = NULL;

	if (req->method != SCIM_GET && req->method != SCIM_HEAD) {
		method_not_allowed(resp, req, "GET");
		return;
	}
	switch (r->kind) {
	case R_SPC:	doc = scim_discovery_spc(req->base_url, max_body); break;
	case R_RTYPES:	doc = scim_discovery_resource_types(req->base_url); break;
	case R_RTYPE:	doc = scim_discovery_resource_type(req->base_url, r->id); break;
	case R_SCHEMAS:	doc = scim_discovery_schemas(req->base_url); break;
	case R_SCHEMA:	doc = scim_discovery_schema(req->base_url, r->id); break;
	default:	break;
	}
	if (doc == NULL) {
		fail(resp, req, 404, ST_NONE, "resource not found");
		return;
	}
	scim_render_json(resp, 200, doc);
}

static int
allowed(struct scim_resp *resp, struct scim_req *req, const struct route *r)
{
	enum scim_method	m = req->method;

	if ((r->kind == R_USERS || r->kind == R_GROUPS) && m != SCIM_GET &&
	    m != SCIM_POST) {
		method_not_allowed(resp, req, "GET, POST");
		return 0;
	}
	if ((r->kind == R_USER || r->kind == R_GROUP) && m != SCIM_GET &&
	    m != SCIM_PUT &&
	    m != SCIM_PATCH && m != SCIM_DELETE) {
		method_not_allowed(resp, req, "GET, PUT, PATCH, DELETE");
		return 0;
	}
	if ((r->kind == R_SEARCH || r->kind == R_USERS_SEARCH ||
	    r->kind == R_GROUPS_SEARCH || r->kind == R_BULK) && m != SCIM_POST) {
		method_not_allowed(resp, req, "POST");
		return 0;
	}
	return 1;
}

int
scim_route_inline(struct scim_resp *resp, struct scim_req *req,
    const struct scim_config *cfg)
{
	struct route	r;

	match(&r, &req->arena, req->path);
	resp->route = r.name;
	if ((long)req->body_len > cfg->max_body) {
		struct err	e = { 0 };

		err_set(&e, 413, ST_NONE,
		    "request body of %zu bytes exceeds the limit of %ld bytes",
		    req->body_len, cfg->max_body);
		scim_render_error(resp, &req->arena, &e);
		return 1;
	}
	switch (r.kind) {
	case R_NONE:
		fail(resp, req, 404, ST_NONE, "no such endpoint");
		return 1;
	case R_HEALTH:
		scim_render_json(resp, 200, cJSON_Parse("{\"status\":\"ok\"}"));
		return 1;
	case R_SPC: case R_RTYPES: case R_RTYPE: case R_SCHEMAS: case R_SCHEMA:
		discovery(resp, req, &r, cfg->max_body);
		return 1;
	case R_USERS: case R_USER: case R_GROUPS: case R_GROUP:
	case R_SEARCH: case R_USERS_SEARCH: case R_GROUPS_SEARCH: case R_BULK:
		return !allowed(resp, req, &r);
	case R_READY:
		return 0;
	case R_ADMIN:
		return scim_admin_inline(resp, req);
	case R_SSO_LOGIN:
		if (req->method != SCIM_POST) {
			method_not_allowed(resp, req, "POST");
			return 1;
		}
		return 0;
	case R_SSO_SESSION:
		if (req->method != SCIM_GET) {
			method_not_allowed(resp, req, "GET");
			return 1;
		}
		return 0;
	}
	return 0;
}

static int
bearer(const char **token, size_t *len, const char *h)
{
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return -1;
	h += 7;
	while (*h == ' ')
		h++;
	*len = strlen(h);
	while (*len > 0 && h[*len - 1] == ' ')
		(*len)--;
	*token = h;
	return *len > 0 ? 0 : -1;
}

static void
ready(struct scim_resp *resp, struct scim_req *req, struct db_conn *c)
{
	struct err	e = { 0 };

	if (dom_ready(c, &e) == -1) {
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	scim_render_json(resp, 200, cJSON_Parse("{\"status\":\"ready\"}"));
}

/* Handlers by route and method; `allowed` already refused the rest. */
static void
dispatch(struct scim_call *call, enum route_kind kind, enum scim_method m)
{
	static void (*const users[])(struct scim_call *) = {
		[SCIM_GET] = scim_users_get, [SCIM_PUT] = scim_users_replace,
		[SCIM_PATCH] = scim_users_patch, [SCIM_DELETE] = scim_users_delete,
	};
	static void (*const groups[])(struct scim_call *) = {
		[SCIM_GET] = scim_groups_get, [SCIM_PUT] = scim_groups_replace,
		[SCIM_PATCH] = scim_groups_patch, [SCIM_DELETE] = scim_groups_delete,
	};

	switch (kind) {
	case R_USERS:
		(m == SCIM_GET ? scim_users_list : scim_users_create)(call);
		return;
	case R_GROUPS:
		(m == SCIM_GET ? scim_groups_list : scim_groups_create)(call);
		return;
	case R_USER:
		users[m](call);
		return;
	case R_GROUP:
		groups[m](call);
		return;
	case R_SEARCH:
		scim_search_root(call);
		return;
	case R_USERS_SEARCH:
		scim_search_users(call);
		return;
	case R_GROUPS_SEARCH:
		scim_search_groups(call);
		return;
	case R_BULK:
		scim_bulk(call);
		return;
	default:
		return;
	}
}

void
scim_route_subrequest(struct scim_call *call)
{
	struct route	r;
	struct err	e = { 0 };

	match(&r, &call->req->arena, call->req->path);
	if (r.kind != R_USERS && r.kind != R_USER && r.kind != R_GROUPS &&
	    r.kind != R_GROUP) {
		err_set(&e, 400, ST_INVALID_VALUE,
		    "a bulk operation's path must be /Users, /Groups or "
		    "one of their resources");
		scim_render_error(call->resp, &call->req->arena, &e);
		return;
	}
	if (call->req->method == SCIM_GET ||
	    (r.kind == R_USERS || r.kind == R_GROUPS) != (call->req->method == SCIM_POST)) {
		err_set(&e, 400, ST_INVALID_VALUE, "method %s cannot be used on "
		    "this path in a bulk request", call->req->method_name);
		scim_render_error(call->resp, &call->req->arena, &e);
		return;
	}
	call->id = r.id;
	memset(&call->proj, 0, sizeof(call->proj));
	dispatch(call, r.kind, call->req->method);
}

void
scim_route(struct scim_resp *resp, struct scim_req *req, struct db_conn *c,
    const struct scim_config *cfg)
{
	struct route		r;
	struct scim_call	call;
	struct err		e = { 0 };
	const char		*token;
	size_t			 len;

	(void)cfg;
	match(&r, &req->arena, req->path);
	resp->route = r.name;
	if (r.kind == R_READY) {
		ready(resp, req, c);
		return;
	}
	if (bearer(&token, &len, req->authorization) == -1) {
		fail(resp, req, 401, ST_NONE,
		    "authentication required: send Authorization: Bearer <token>");
		return;
	}
	if (c == NULL) {
		err_set(&e, 503, ST_NONE, "database unavailable");
		e.retry_after = 5;
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	if (r.kind == R_ADMIN) {
		scim_admin_route(resp, req, c, token, len);
		return;
	}
	if (r.kind == R_SSO_LOGIN) {
		scim_sso_login(resp, req, c, token, len);
		return;
	}
	if (r.kind == R_SSO_SESSION) {
		scim_sso_session(resp, req, c, token, len);
		return;
	}
	memset(&call, 0, sizeof(call));
	call.resp = resp;
	call.req = req;
	call.conn = c;
	call.id = r.id;
	if (dom_auth_token(&call.actor, c, &req->arena, token, len, &e) == -1) {
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	resp->org_id = call.actor.org_id;
	if (scim_projection_parse(&call.proj, &req->arena,
	    r.kind == R_GROUPS || r.kind == R_GROUP ? &schema_rtype_group :
	    &schema_rtype_user, scim_query_param(req, "attributes"),
	    scim_query_param(req, "excludedAttributes"), &e) == -1) {
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	dispatch(&call, r.kind, req->method);
}
