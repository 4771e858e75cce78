/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_ops.c
 *
 * The /admin/v1 handlers: read the path parameters and the JSON body,
 * call domain/admin.h, render the answer. Validation of values (roles,
 * domain names, ids) is the domain's; here only JSON types are checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "domain/admin.h"
#include "domain/org.h"
#include "domain/sso.h"
#include "scim/admin/admin.h"
#include "scim/admin/admin_int.h"
#include "scim/http/request.h"
#include "scim/model/render.h"

#define ADMIN_AUDIT_MAX		10000
#define ADMIN_MAX_DOMAINS	100

static void
no_content(struct scim_call *call)
{
	call->resp->status = 204;
}

/* One string member of a new object: {"<name>": "<value>"}. */
static cJSON *
one(const char *name, const char *value)
{
	cJSON	*o = cJSON_CreateObject();

	if (value != NULL)
		cJSON_AddStringToObject(o, name, value);
	else
		cJSON_AddNullToObject(o, name);
	return o;
}

/* "domains": an array of strings, copied into the arena. */
static int
domain_list(const char ***out, size_t *n, struct scim_call *call,
    struct err *err)
{
	const cJSON	*v, *d;
	size_t		 i = 0;

	*out = NULL;
	*n = 0;
	v = cJSON_GetObjectItemCaseSensitive(call->body, "domains");
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"domains\" must be an array of strings");
	*n = (size_t)cJSON_GetArraySize(v);
	if (*n > ADMIN_MAX_DOMAINS)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"domains\" has %zu entries; at most %d are allowed", *n,
		    ADMIN_MAX_DOMAINS);
	*out = arena_alloc(&call->req->arena, (*n + 1) * sizeof(**out));
	cJSON_ArrayForEach(d, v) {
		if (!cJSON_IsString(d) || d->valuestring[0] == '\0')
			return err_set(err, 400, ST_INVALID_VALUE,
			    "\"domains\" must be an array of strings");
		(*out)[i++] = d->valuestring;
	}
	return 0;
}

int
scim_admin_org_create(struct scim_call *call, struct err *err)
{
	const char	*name, *owner, *id, **domains;
	size_t		 nd;
	int		 outside;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&name, call, "name", ADMIN_REQUIRED, err) == -1 ||
	    scim_admin_str(&owner, call, "ownerEmail", ADMIN_NULLABLE,
	    err) == -1 ||
	    scim_admin_bool(&outside, call, "allowOutsideMembers", err) == -1 ||
	    domain_list(&domains, &nd, call, err) == -1)
		return -1;
	if (dom_org_create(&id, call->conn, &call->req->arena, name, domains,
	    nd, owner, outside == 1, err) == -1)
		return -1;
	scim_render_json(call->resp, 201, one("id", id));
	return 0;
}

int
scim_admin_org_get(struct scim_call *call, struct err *err)
{
	struct dom_org_info	org;

	if (dom_admin_org_get(&org, call->conn, &call->req->arena, call->org,
	    err) == -1)
		return -1;
	scim_render_json(call->resp, 200, scim_admin_org_json(&org));
	return 0;
}

int
scim_admin_seats(struct scim_call *call, struct err *err)
{
	struct dom_org_info	org;

	if (dom_admin_org_get(&org, call->conn, &call->req->arena, call->org,
	    err) == -1)
		return -1;
	scim_render_json(call->resp, 200, scim_admin_seats_json(org.seats_used,
	    org.policy.seat_limit));
	return 0;
}

int
scim_admin_policy_set(struct scim_call *call, struct err *err)
{
	struct dom_policy_change	change = { .org_id = call->org };
	struct dom_policy		after;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_bool(&change.set.allow_outside_members, call,
	    "allowOutsideMembers", err) == -1 ||
	    scim_admin_int(&change.set.removal_rate_per_hour, call,
	    "removalRatePerHour", 0, 1000000, DOM_KEEP, err) == -1 ||
	    scim_admin_bool(&change.set.revoke_api_keys_on_removal, call,
	    "revokeApiKeysOnRemoval", err) == -1 ||
	    scim_admin_int(&change.set.seat_limit, call, "seatLimit", 0,
	    10000000, -1, err) == -1 ||
	    scim_admin_int(&change.set.session_idle_hours, call,
	    "sessionIdleHours", 1, 8760, DOM_KEEP, err) == -1 ||
	    scim_admin_int(&change.set.session_max_days, call,
	    "sessionMaxDays", 1, 3650, DOM_KEEP, err) == -1)
		return -1;
	if (dom_admin_policy_set(&after, call->conn, &change, err) == -1)
		return -1;
	scim_render_json(call->resp, 200, scim_admin_policy_json(&after));
	return 0;
}

/* PUT answers the domain as stored (the domain layer may normalize it). */
int
scim_admin_domain_set(struct scim_call *call, struct err *err)
{
	struct dom_domain_change	 change = { call->org, call->id, 0, 0 };
	struct dom_org_info		 org;
	cJSON				*out = NULL;
	size_t				 i;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_bool(&change.verified, call, "verified", err) == -1 ||
	    scim_admin_bool(&change.jit, call, "jit", err) == -1)
		return -1;
	if (dom_admin_domain_set(call->conn, &change, err) == -1 ||
	    dom_admin_org_get(&org, call->conn, &call->req->arena, call->org,
	    err) == -1)
		return -1;
	for (i = 0; i < org.ndomains && out == NULL; i++)
		if (strcasecmp(org.domains[i].domain, call->id) == 0)
			out = scim_admin_domain_json(&org, i);
	if (out == NULL)
		out = one("domain", call->id);
	scim_render_json(call->resp, 200, out);
	return 0;
}

int
scim_admin_domain_remove(struct scim_call *call, struct err *err)
{
	if (dom_admin_domain_remove(call->conn, call->org, call->id, err) == -1)
		return -1;
	no_content(call);
	return 0;
}

int
scim_admin_token_create(struct scim_call *call, struct err *err)
{
	const char	*label, *admin, *token, *id;
	cJSON		*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&label, call, "label", ADMIN_NULLABLE, err) == -1 ||
	    scim_admin_str(&admin, call, "admin", ADMIN_NULLABLE, err) == -1)
		return -1;
	if (dom_token_create(&token, &id, call->conn, &call->req->arena,
	    call->org, label, admin, err) == -1)
		return -1;
	o = one("token", token);
	cJSON_AddStringToObject(o, "id", id);
	scim_render_json(call->resp, 201, o);
	return 0;
}

int
scim_admin_token_list(struct scim_call *call, struct err *err)
{
	struct token_row	*t;
	cJSON			*o, *list;
	size_t			 i, n;

	if (dom_admin_token_list(&t, &n, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(o, "tokens");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, scim_admin_token_json(&t[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_token_revoke(struct scim_call *call, struct err *err)
{
	if (dom_admin_token_revoke(call->conn, call->org, call->id, err) == -1)
		return -1;
	no_content(call);
	return 0;
}

int
scim_admin_sso_rotate(struct scim_call *call, struct err *err)
{
	const char	*secret;

	if (dom_sso_secret_rotate(&secret, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	scim_render_json(call->resp, 201, one("secret", secret));
	return 0;
}

int
scim_admin_ownership(struct scim_call *call, struct err *err)
{
	struct dom_ownership_transfer	t = { .org_id = call->org };

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&t.to, call, "to", ADMIN_REQUIRED, err) == -1)
		return -1;
	if (dom_admin_transfer_ownership(call->conn, &call->req->arena, &t,
	    err) == -1)
		return -1;
	scim_render_json(call->resp, 200, one("owner", t.to));
	return 0;
}

int
scim_admin_member_role(struct scim_call *call, struct err *err)
{
	struct dom_member_role_change	 ch = { call->org, call->id, NULL };
	cJSON				*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&ch.role, call, "role", ADMIN_REQUIRED, err) == -1)
		return -1;
	if (dom_admin_member_role(call->conn, &call->req->arena, &ch,
	    err) == -1)
		return -1;
	o = one("member", call->id);
	cJSON_AddStringToObject(o, "role", ch.role);
	scim_render_json(call->resp, 200, o);
	return 0;
}

/* {"role": null} stops the group granting a role. */
int
scim_admin_group_role(struct scim_call *call, struct err *err)
{
	struct dom_group_role_change	 ch = { call->org, call->id, NULL };
	cJSON				*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&ch.role, call, "role",
	    ADMIN_REQUIRED | ADMIN_NULLABLE, err) == -1)
		return -1;
	if (dom_admin_group_role(call->conn, &call->req->arena, &ch,
	    err) == -1)
		return -1;
	o = one("group", call->id);
	if (ch.role != NULL)
		cJSON_AddStringToObject(o, "role", ch.role);
	else
		cJSON_AddNullToObject(o, "role");
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_key_create(struct scim_call *call, struct err *err)
{
	struct dom_api_key_request	 rq = { .org_id = call->org };
	struct dom_api_key_created	 k;
	cJSON				*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&rq.member, call, "member", ADMIN_REQUIRED,
	    err) == -1 ||
	    scim_admin_str(&rq.label, call, "label", ADMIN_NULLABLE, err) == -1)
		return -1;
	if (dom_admin_api_key_create(&k, call->conn, &call->req->arena, &rq,
	    err) == -1)
		return -1;
	o = one("id", k.id);
	cJSON_AddStringToObject(o, "key", k.key);
	scim_render_json(call->resp, 201, o);
	return 0;
}

int
scim_admin_key_list(struct scim_call *call, struct err *err)
{
	struct api_key_row	*k;
	cJSON			*o, *list;
	size_t			 i, n;

	if (dom_admin_api_key_list(&k, &n, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(o, "apiKeys");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, scim_admin_api_key_json(&k[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_key_revoke(struct scim_call *call, struct err *err)
{
	if (dom_admin_api_key_revoke(call->conn, call->org, call->id,
	    err) == -1)
		return -1;
	no_content(call);
	return 0;
}

/* The NDJSON body of an audit answer, grown line by line. */
struct lines {
	char	*buf;
	size_t	 len, cap;
};

/* Appends `json` as one line and deletes it. */
static void
add_line(struct lines *l, cJSON *json)
{
	char	*s = cJSON_PrintUnformatted(json);
	size_t	 n = strlen(s);

	cJSON_Delete(json);
	if (l->len + n + 2 > l->cap) {
		l->cap = (l->len + n + 2) * 2;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len++] = '\n';
	l->buf[l->len] = '\0';
	cJSON_free(s);
}

/*
 * A timestamp filter: only the characters of ISO 8601, so a typo is a
 * 400 here rather than a cast failure in the database.
 */
static int
audit_time(const char **out, struct scim_call *call, const char *name,
    struct err *err)
{
	const char	*v = scim_query_param(call->req, name);

	*out = v;
	if (v != NULL && (strlen(v) < 10 || strlen(v) > 40 ||
	    strspn(v, "0123456789-:T.Z+ ") != strlen(v)))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invalid %s \"%.40s\": expected an ISO 8601 time", name, v);
	return 0;
}

int
scim_admin_audit(struct scim_call *call, struct err *err)
{
	struct audit_query	 q;
	struct audit_row	*rows;
	struct lines		 l = { NULL, 0, 0 };
	const char		*lim;
	char			*end;
	size_t			 i, n;

	memset(&q, 0, sizeof(q));
	q.target = scim_query_param(call->req, "target");
	q.action = scim_query_param(call->req, "action");
	if (audit_time(&q.since, call, "since", err) == -1 ||
	    audit_time(&q.until, call, "until", err) == -1)
		return -1;
	lim = scim_query_param(call->req, "limit");
	if (lim != NULL) {
		errno = 0;
		q.limit = strtoll(lim, &end, 10);
		if (errno != 0 || end == lim || *end != '\0' || q.limit < 1 ||
		    q.limit > ADMIN_AUDIT_MAX)
			return err_set(err, 400, ST_INVALID_VALUE,
			    "invalid limit \"%.20s\": expected 1 to %d", lim,
			    ADMIN_AUDIT_MAX);
	}
	if (dom_admin_audit(&rows, &n, call->conn, &call->req->arena, call->org,
	    &q, err) == -1)
		return -1;
	l.buf = xmalloc(1);
	l.buf[0] = '\0';
	l.cap = 1;
	for (i = 0; i < n; i++)
		add_line(&l, scim_admin_audit_json(&rows[i]));
	free(call->resp->body);
	call->resp->status = 200;
	call->resp->body = l.buf;
	call->resp->body_len = l.len;
	scim_resp_header(call->resp, &call->req->arena, "Content-Type",
	    "application/x-ndjson");
	return 0;
}
