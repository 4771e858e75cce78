/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin.c
 *
 * The /admin/v1 router: matches the path against the route templates,
 * checks the method and the operator token, and reads typed fields of
 * the JSON body. The handlers live in scim/admin/admin_ops.c.
 */
#include "scim/admin/admin.h"

#include <stdio.h>
#include <string.h>

#include "domain/admin.h"
#include "scim/admin/admin_int.h"
#include "scim/resources/handlers.h"
#include "scim/model/render.h"

#define ADMIN_BASE		"/admin/v1"
#define ADMIN_MAX_PARAMS	2

struct admin_route {
	const char	*tmpl;		/* also the request log's route name */
	admin_fn	 fn[SCIM_OTHER];	/* by method; NULL: not allowed */
};

static const struct admin_route routes[] = {
	{ ADMIN_BASE "/orgs", { [SCIM_POST] = scim_admin_org_create } },
	{ ADMIN_BASE "/orgs/{org}", { [SCIM_GET] = scim_admin_org_get } },
	{ ADMIN_BASE "/orgs/{org}/policy",
	    { [SCIM_PATCH] = scim_admin_policy_set } },
	{ ADMIN_BASE "/orgs/{org}/domains/{domain}",
	    { [SCIM_PUT] = scim_admin_domain_set,
	    [SCIM_DELETE] = scim_admin_domain_remove } },
	{ ADMIN_BASE "/orgs/{org}/tokens",
	    { [SCIM_GET] = scim_admin_token_list,
	    [SCIM_POST] = scim_admin_token_create } },
	{ ADMIN_BASE "/orgs/{org}/tokens/{id}",
	    { [SCIM_DELETE] = scim_admin_token_revoke } },
	{ ADMIN_BASE "/orgs/{org}/sso-secret",
	    { [SCIM_POST] = scim_admin_sso_rotate } },
	{ ADMIN_BASE "/orgs/{org}/ownership",
	    { [SCIM_POST] = scim_admin_ownership } },
	{ ADMIN_BASE "/orgs/{org}/members/{member}/role",
	    { [SCIM_PUT] = scim_admin_member_role } },
	{ ADMIN_BASE "/orgs/{org}/groups/{group}/role",
	    { [SCIM_PUT] = scim_admin_group_role } },
	{ ADMIN_BASE "/orgs/{org}/api-keys",
	    { [SCIM_GET] = scim_admin_key_list,
	    [SCIM_POST] = scim_admin_key_create } },
	{ ADMIN_BASE "/orgs/{org}/api-keys/{id}",
	    { [SCIM_DELETE] = scim_admin_key_revoke } },
	{ ADMIN_BASE "/orgs/{org}/seats", { [SCIM_GET] = scim_admin_seats } },
	{ ADMIN_BASE "/orgs/{org}/audit", { [SCIM_GET] = scim_admin_audit } },
};

static const char *const method_names[SCIM_OTHER] = {
	[SCIM_GET] = "GET", [SCIM_POST] = "POST", [SCIM_PUT] = "PUT",
	[SCIM_PATCH] = "PATCH", [SCIM_DELETE] = "DELETE", [SCIM_HEAD] = "HEAD",
};

/*
 * Whether `path` (trailing slashes ignored) fits the template segment by
 * segment; a "{name}" segment takes any non-empty segment and is copied
 * into params[] in order.
 */
static int
fits(const char **params, struct arena *a, const char *tmpl, const char *path)
{
	const char	*t = tmpl, *p = path, *te, *pe;
	size_t		 np = 0, plen = strlen(path);

	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	while (*t == '/' && p < path + plen && *p == '/') {
		t++;
		p++;
		te = strchr(t, '/');
		if (te == NULL)
			te = t + strlen(t);
		pe = memchr(p, '/', (size_t)(path + plen - p));
		if (pe == NULL)
			pe = path + plen;
		if (pe == p)
			return 0;
		if (*t == '{') {
			if (np == ADMIN_MAX_PARAMS)
				return 0;
			if (params != NULL)
				params[np] = arena_strndup(a, p, (size_t)(pe - p));
			np++;
		} else if ((size_t)(te - t) != (size_t)(pe - p) ||
		    strncmp(t, p, (size_t)(pe - p)) != 0) {
			return 0;
		}
		t = te;
		p = pe;
	}
	return *t == '\0' && p == path + plen;
}

static const struct admin_route *
find(const char **params, struct arena *a, const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (fits(params, a, routes[i].tmpl, path))
			return &routes[i];
	return NULL;
}

/* The handler for the method; HEAD is answered as GET. */
static admin_fn
handler(const struct admin_route *r, enum scim_method m)
{
	if (m == SCIM_HEAD)
		m = SCIM_GET;
	return m < SCIM_OTHER ? r->fn[m] : NULL;
}

static void
not_allowed(struct scim_resp *resp, struct scim_req *req,
    const struct admin_route *r)
{
	struct err	 e = { 0 };
	char		 allow[64] = "";
	size_t		 n = 0;
	int		 m;

	for (m = 0; m < SCIM_OTHER; m++) {
		if (r->fn[m] == NULL)
			continue;
		n += (size_t)snprintf(allow + n, sizeof(allow) - n, "%s%s",
		    n ? ", " : "", method_names[m]);
	}
	err_set(&e, 405, ST_NONE, "method %s is not allowed here; allowed: %s",
	    req->method_name, allow);
	scim_resp_header(resp, &req->arena, "Allow", allow);
	scim_render_error(resp, &req->arena, &e);
}

int
scim_admin_inline(struct scim_resp *resp, struct scim_req *req)
{
	const struct admin_route	*r;
	struct err			 e = { 0 };

	r = find(NULL, &req->arena, req->path);
	if (r == NULL) {
		resp->route = ADMIN_BASE;
		err_set(&e, 404, ST_NONE, "no such endpoint");
		scim_render_error(resp, &req->arena, &e);
		return 1;
	}
	resp->route = r->tmpl;
	if (handler(r, req->method) == NULL) {
		not_allowed(resp, req, r);
		return 1;
	}
	return 0;
}

void
scim_admin_route(struct scim_resp *resp, struct scim_req *req,
    struct db_conn *c, const char *token, size_t len)
{
	const struct admin_route	*r;
	struct admin_call		 call;
	struct err			 e = { 0 };
	const char			*params[ADMIN_MAX_PARAMS] = { NULL };
	admin_fn			 fn;

	r = find(params, &req->arena, req->path);
	/* scim_admin_inline answered the rest on the I/O thread. */
	if (r == NULL || (fn = handler(r, req->method)) == NULL) {
		err_set(&e, 404, ST_NONE, "no such endpoint");
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	resp->route = r->tmpl;
	if (dom_operator_auth(c, token, len, &e) == -1) {
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	memset(&call, 0, sizeof(call));
	call.resp = resp;
	call.req = req;
	call.conn = c;
	call.org = params[0];
	call.id = params[1];
	if (fn(&call, &e) == -1)
		scim_render_error(resp, &req->arena, &e);
	cJSON_Delete(call.body);
}

int
scim_admin_body(struct admin_call *call, struct err *err)
{
	const char	*ct = call->req->content_type;

	/* Checked here too so the hint names this API's media type. */
	if (ct != NULL && strcasestr(ct, "json") == NULL)
		return err_set(err, 415, ST_NONE,
		    "unsupported content type \"%.100s\"; send application/json",
		    ct);
	if (scim_body_json(&call->body, call->req, err) == -1)
		return -1;
	if (!cJSON_IsObject(call->body))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "request body must be a JSON object");
	return 0;
}

int
scim_admin_str(const char **out, const struct admin_call *call,
    const char *name, int flags, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);

	*out = NULL;
	if (v == NULL || (cJSON_IsNull(v) && (flags & ADMIN_NULLABLE))) {
		if (v == NULL && (flags & ADMIN_REQUIRED))
			return err_set(err, 400, ST_INVALID_VALUE,
			    "\"%s\" is required", name);
		return 0;
	}
	if (!cJSON_IsString(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be a string%s", name,
		    (flags & ADMIN_NULLABLE) ? " or null" : "");
	if ((flags & ADMIN_REQUIRED) && v->valuestring[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must not be empty", name);
	*out = v->valuestring;
	return 0;
}

int
scim_admin_bool(int *out, const struct admin_call *call, const char *name,
    struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);

	*out = DOM_KEEP;
	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be true or false", name);
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 0;
}

int
scim_admin_int(int *out, const struct admin_call *call, const char *name,
    int min, int max, int if_null, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);
	double		 d;

	*out = DOM_KEEP;
	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v) && if_null != DOM_KEEP) {
		*out = if_null;
		return 0;
	}
	d = cJSON_IsNumber(v) ? v->valuedouble : (double)min - 1;
	/* The range test first: casting an out-of-range double is undefined. */
	if (!(d >= min && d <= max) || d != (double)(int)d)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be an integer from %d to %d%s", name, min, max,
		    if_null != DOM_KEEP ? ", or null" : "");
	*out = (int)d;
	return 0;
}
