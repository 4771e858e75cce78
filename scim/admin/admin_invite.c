/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_invite.c
 *
 * The /admin/v1 handlers of invitations and invite links: read the path
 * and the JSON body, call domain/invite.h, render. The values (emails,
 * roles, domains, times) are the domain's to check; here only JSON types.
 */
#include "scim/admin/admin_invite.h"

#include <string.h>

#include "domain/admin.h"
#include "scim/admin/admin_int.h"
#include "scim/model/render.h"

#define SCIM_SUFFIX	"/scim/v2"

/* Where accept URLs start: the public root (--public-url or Host). */
static const char *
accept_base(struct scim_call *call)
{
	const char	*b = call->req->base_url;
	size_t		 n = strlen(b), k = strlen(SCIM_SUFFIX);

	if (n >= k && strcmp(b + n - k, SCIM_SUFFIX) == 0)
		return arena_strndup(&call->req->arena, b, n - k);
	return b;
}

/* One invitation of the "invitations" array; role defaults to `role`. */
static int
one_invite(struct dom_invite_new *out, const cJSON *v, const char *role,
    struct err *err)
{
	const cJSON	*e = cJSON_GetObjectItemCaseSensitive(v, "email");
	const cJSON	*r = cJSON_GetObjectItemCaseSensitive(v, "role");

	if (!cJSON_IsString(e) || (r != NULL && !cJSON_IsString(r)))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "each invitation is {\"email\": string, \"role\"?: string}");
	out->email = e->valuestring;
	out->role = r != NULL ? r->valuestring : role;
	return 0;
}

static int
invite_list_of(struct dom_invite_new **out, size_t *n,
    struct scim_call *call, struct err *err)
{
	const cJSON	*list, *v;
	const char	*role;
	size_t		 i = 0;

	if (scim_admin_str(&role, call, "role", ADMIN_OPTIONAL, err) == -1)
		return -1;
	list = cJSON_GetObjectItemCaseSensitive(call->body, "invitations");
	if (!cJSON_IsArray(list))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"invitations\" must be an array of {email, role}");
	*n = (size_t)cJSON_GetArraySize(list);
	if (*n > DOM_INVITE_MAX_BATCH)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invite at most %d addresses at once", DOM_INVITE_MAX_BATCH);
	*out = arena_alloc(&call->req->arena, (*n + 1) * sizeof(**out));
	cJSON_ArrayForEach(v, list) {
		if (one_invite(&(*out)[i++], v, role ? role : "member",
		    err) == -1)
			return -1;
	}
	return 0;
}

int
scim_admin_invite_create(struct scim_call *call, struct err *err)
{
	struct dom_invite_new		*in = NULL;
	struct dom_invite_issued	*out;
	const char			*by;
	cJSON				*o, *arr;
	size_t				 i, n = 0;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&by, call, "invitedBy", ADMIN_NULLABLE, err) == -1 ||
	    invite_list_of(&in, &n, call, err) == -1 ||
	    dom_invite_create(&out, call->conn, &call->req->arena, call->org,
	    in, n, by, accept_base(call), err) == -1)
		return -1;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "invitations");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, scim_admin_invite_issued_json(&out[i]));
	scim_render_json(call->resp, 201, o);
	return 0;
}

int
scim_admin_invite_list(struct scim_call *call, struct err *err)
{
	struct invite_row	*rows;
	cJSON			*o, *arr;
	size_t			 i, n;

	if (dom_invite_list(&rows, &n, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "invitations");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, scim_admin_invite_json(&rows[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_invite_cancel(struct scim_call *call, struct err *err)
{
	if (dom_invite_cancel(call->conn, &call->req->arena, call->org,
	    call->id, err) == -1)
		return -1;
	call->resp->status = 204;
	return 0;
}

int
scim_admin_invite_reinvite(struct scim_call *call, struct err *err)
{
	struct dom_invite_issued	out;
	const char			*role = NULL;

	if (call->req->body_len > 0 && (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&role, call, "role", ADMIN_NULLABLE, err) == -1))
		return -1;
	if (dom_invite_reinvite(&out, call->conn, &call->req->arena, call->org,
	    call->id, role, accept_base(call), err) == -1)
		return -1;
	scim_render_json(call->resp, 201, scim_admin_invite_issued_json(&out));
	return 0;
}

int
scim_admin_invite_policy(struct scim_call *call, struct err *err)
{
	int	admit;
	cJSON	*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_bool(&admit, call, "admitOutsiders", err) == -1)
		return -1;
	if (admit == DOM_KEEP)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"admitOutsiders\" is required");
	if (dom_invite_policy_set(call->conn, call->org, admit, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "admitOutsiders", admit);
	scim_render_json(call->resp, 200, o);
	return 0;
}

/* "domains": strings, borrowed from the body. */
static int
link_domains(struct dom_link_new *in, struct scim_call *call, struct err *err)
{
	const cJSON	*v, *d;
	const char	**out;
	size_t		 i = 0, n;

	v = cJSON_GetObjectItemCaseSensitive(call->body, "domains");
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"domains\" must be an array of strings");
	n = (size_t)cJSON_GetArraySize(v);
	if (n > DOM_INVITE_MAX_DOMAINS)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a link takes at most %d domains", DOM_INVITE_MAX_DOMAINS);
	out = arena_alloc(&call->req->arena, (n + 1) * sizeof(*out));
	cJSON_ArrayForEach(d, v) {
		if (!cJSON_IsString(d))
			return err_set(err, 400, ST_INVALID_VALUE,
			    "\"domains\" must be an array of strings");
		out[i++] = d->valuestring;
	}
	in->domains = out;
	in->ndomains = n;
	return 0;
}

int
scim_admin_link_create(struct scim_call *call, struct err *err)
{
	struct dom_link_new	in;
	struct dom_link_issued	out;
	int			max;

	memset(&in, 0, sizeof(in));
	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&in.role, call, "role", ADMIN_NULLABLE, err) == -1 ||
	    scim_admin_str(&in.expires_at, call, "expiresAt", ADMIN_NULLABLE,
	    err) == -1 ||
	    scim_admin_str(&in.creator, call, "createdBy", ADMIN_NULLABLE,
	    err) == -1 ||
	    scim_admin_int(&max, call, "maxUses", 1, 1000000000, -1,
	    err) == -1 || link_domains(&in, call, err) == -1)
		return -1;
	in.max_uses = max == DOM_KEEP ? -1 : max;
	if (dom_invite_link_create(&out, call->conn, &call->req->arena,
	    call->org, &in, accept_base(call), err) == -1)
		return -1;
	scim_render_json(call->resp, 201, scim_admin_link_issued_json(&out));
	return 0;
}

int
scim_admin_link_list(struct scim_call *call, struct err *err)
{
	struct invite_link_row	*rows;
	cJSON			*o, *arr;
	size_t			 i, n;

	if (dom_invite_link_list(&rows, &n, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "inviteLinks");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, scim_admin_link_json(&rows[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_link_revoke(struct scim_call *call, struct err *err)
{
	if (dom_invite_link_revoke(call->conn, &call->req->arena, call->org,
	    call->id, err) == -1)
		return -1;
	call->resp->status = 204;
	return 0;
}
