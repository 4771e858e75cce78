/* SPDX-License-Identifier: MIT */
/*
 * scim/http/route.c
 *
 * The router over the route table (scim/http/routes.c): matches a path
 * against the templates, answers 404 and 405 from the table, checks the
 * credential the route asks for, runs the handler and renders its error.
 * It knows no endpoint by name; adding one is a table entry.
 */
#include "scim/http/route.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "domain/admin.h"
#include "domain/member.h"
#include "scim/http/request.h"
#include "scim/model/project.h"
#include "scim/model/render.h"

static const char *const method_names[SCIM_HEAD] = {
	[SCIM_GET] = "GET", [SCIM_POST] = "POST", [SCIM_PUT] = "PUT",
	[SCIM_PATCH] = "PATCH", [SCIM_DELETE] = "DELETE",
};

/* Whether template segment t (tn bytes) is path segment p, in any case. */
static int
seg_is(const char *t, size_t tn, const char *p, size_t pn)
{
	return tn == pn && strncasecmp(t, p, pn) == 0;
}

/* A path parameter: where it starts in the request path, and its length. */
struct span {
	const char	*p;
	size_t		 n;
};

/*
 * Whether `path` (trailing slashes ignored) fits the template segment by
 * segment; the parameters it fills are recorded in *org and *id.
 */
static int
fits(struct span *org, struct span *id, const char *tmpl, const char *path)
{
	const char	*t = tmpl, *p = path, *te, *pe;
	size_t		 plen = strlen(path);

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
			struct span	*out = seg_is(t, (size_t)(te - t), "{org}",
			    5) ? org : id;

			out->p = p;
			out->n = (size_t)(pe - p);
		} else if (!seg_is(t, (size_t)(te - t), p, (size_t)(pe - p))) {
			return 0;
		}
		t = te;
		p = pe;
	}
	return *t == '\0' && p == path + plen;
}

const struct scim_route_def *
scim_route_find(const char **org, const char **id, struct arena *a,
    const char *path)
{
	const struct scim_route_def	*table;
	struct span			 o, i;
	size_t				 k, n;

	*org = *id = NULL;
	table = scim_route_table(&n);
	for (k = 0; k < n; k++) {
		memset(&o, 0, sizeof(o));
		memset(&i, 0, sizeof(i));
		if (!fits(&o, &i, table[k].path, path))
			continue;
		if (o.p != NULL)
			*org = arena_strndup(a, o.p, o.n);
		if (i.p != NULL)
			*id = arena_strndup(a, i.p, i.n);
		return &table[k];
	}
	return NULL;
}

scim_handler
scim_route_handler(const struct scim_route_def *r, enum scim_method m)
{
	if (r->flags & SCIM_ROUTE_ANY)
		return r->fn[SCIM_GET];
	if (m == SCIM_HEAD && (r->flags & SCIM_ROUTE_HEAD))
		m = SCIM_GET;
	return m < SCIM_HEAD ? r->fn[m] : NULL;
}

void
scim_route_allow(char *buf, size_t cap, const struct scim_route_def *r)
{
	size_t	n = 0;
	int	m;

	buf[0] = '\0';
	for (m = 0; m < SCIM_HEAD && n < cap; m++)
		if (r->fn[m] != NULL)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s",
			    n ? ", " : "", method_names[m]);
}

static int
not_allowed(struct scim_resp *resp, struct scim_req *req,
    const struct scim_route_def *r, struct err *err)
{
	char	allow[64];

	scim_route_allow(allow, sizeof(allow), r);
	scim_resp_header(resp, &req->arena, "Allow", allow);
	return err_set(err, 405, ST_NONE,
	    "method %s is not allowed here; allowed: %s", req->method_name,
	    allow);
}

static void
call_init(struct scim_call *call, struct scim_resp *resp, struct scim_req *req,
    struct db_conn *c, const struct scim_config *cfg)
{
	static const struct scim_projection	none;

	memset(call, 0, sizeof(*call));
	call->resp = resp;
	call->req = req;
	call->cfg = cfg;
	call->conn = c;
	call->proj = &none;
}

int
scim_route_inline(struct scim_resp *resp, struct scim_req *req,
    const struct scim_config *cfg)
{
	const struct scim_route_def	*r;
	struct scim_call		 call;
	struct err			 e = { 0 };
	scim_handler			 fn = NULL;

	call_init(&call, resp, req, NULL, cfg);
	r = scim_route_find(&call.org, &call.id, &req->arena, req->path);
	resp->route = r ? r->name : NULL;
	if ((long)req->body_len > cfg->max_body)
		err_set(&e, 413, ST_NONE,
		    "request body of %zu bytes exceeds the limit of %ld bytes",
		    req->body_len, cfg->max_body);
	else if (r == NULL)
		err_set(&e, 404, ST_NONE, "no such endpoint");
	else if ((fn = scim_route_handler(r, req->method)) == NULL)
		not_allowed(resp, req, r, &e);
	else if (!(r->flags & SCIM_ROUTE_INLINE))
		return 0;
	else if (fn(&call, &e) == 0)
		goto out;
	scim_render_error(resp, &req->arena, &e);
out:
	cJSON_Delete(call.body);
	return 1;
}

int
scim_bearer(const char **token, size_t *len, const char *h)
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

/*
 * Checks the credential route r asks for. For SCIM_AUTH_SCIM it fills
 * *actor and *proj (the caller's storage) and points the call at them.
 */
static int
authenticate(struct scim_call *call, struct dom_actor *actor,
    struct scim_projection *proj, const struct scim_route_def *r,
    struct err *err)
{
	struct scim_req	*req = call->req;

	if (r->auth != SCIM_AUTH_NONE &&
	    scim_bearer(&call->token, &call->token_len, req->authorization) == -1)
		return err_set(err, 401, ST_NONE, "authentication required: "
		    "send Authorization: Bearer <token>");
	if (call->conn == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry_after = 5;
		return -1;
	}
	switch (r->auth) {
	case SCIM_AUTH_OPERATOR:
		return dom_operator_auth(call->conn, call->token,
		    call->token_len, err);
	case SCIM_AUTH_SCIM:
		if (dom_auth_token(actor, call->conn, &req->arena, call->token,
		    call->token_len, err) == -1)
			return -1;
		call->actor = actor;
		call->resp->org_id = actor->org_id;
		if (scim_projection_parse(proj, &req->arena, r->rt,
		    scim_query_param(req, "attributes"),
		    scim_query_param(req, "excludedAttributes"), err) == -1)
			return -1;
		call->proj = proj;
		return 0;
	case SCIM_AUTH_NONE:
	case SCIM_AUTH_SSO_SECRET:
	case SCIM_AUTH_SSO_SESSION:
		break;
	}
	return 0;
}

/* A /Bulk operation: a write on a SCIM_ROUTE_BULK route, nothing else. */
static int
subrequest(struct scim_call *sub, struct err *err)
{
	const struct scim_route_def	*r;
	scim_handler			 fn;

	r = scim_route_find(&sub->org, &sub->id, &sub->req->arena,
	    sub->req->path);
	if (r == NULL || !(r->flags & SCIM_ROUTE_BULK))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a bulk operation's path must be /Users, /Groups or "
		    "one of their resources");
	fn = sub->req->method == SCIM_GET ? NULL :
	    scim_route_handler(r, sub->req->method);
	if (fn == NULL)
		return err_set(err, 400, ST_INVALID_VALUE, "method %s cannot be "
		    "used on this path in a bulk request", sub->req->method_name);
	return fn(sub, err);
}

void
scim_route(struct scim_resp *resp, struct scim_req *req, struct db_conn *c,
    const struct scim_config *cfg)
{
	const struct scim_route_def	*r;
	struct scim_call		 call;
	struct dom_actor		 actor;
	struct scim_projection		 proj;
	struct err			 e = { 0 };
	scim_handler			 fn = NULL;

	call_init(&call, resp, req, c, cfg);
	call.subrequest = subrequest;
	r = scim_route_find(&call.org, &call.id, &req->arena, req->path);
	/* scim_route_inline answered the rest on the I/O thread. */
	if (r == NULL || (fn = scim_route_handler(r, req->method)) == NULL)
		err_set(&e, 404, ST_NONE, "no such endpoint");
	else
		resp->route = r->name;
	if (fn == NULL || authenticate(&call, &actor, &proj, r, &e) == -1 ||
	    fn(&call, &e) == -1)
		scim_render_error(resp, &req->arena, &e);
	cJSON_Delete(call.body);
}
