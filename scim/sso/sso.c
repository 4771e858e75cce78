/* SPDX-License-Identifier: MIT */
/*
 * scim/sso/sso.c
 *
 * /sso/v1: the product's sign-in path. Not SCIM, but its errors use the
 * same JSON error shape so every client parses one format.
 */
#include "scim/sso/sso.h"

#include <cjson/cJSON.h>

#include "domain/sso.h"
#include "scim/http/request.h"
#include "scim/model/render.h"

cJSON *
scim_sso_member_json(const struct member_row *m)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", m->id);
	cJSON_AddStringToObject(o, "orgId", m->org_id);
	cJSON_AddStringToObject(o, "userName", m->user_name);
	cJSON_AddStringToObject(o, "role", m->role);
	cJSON_AddBoolToObject(o, "active", m->active);
	return o;
}

int
scim_sso_login(struct scim_call *c, struct err *err)
{
	struct dom_session	 s;
	cJSON			*body = NULL, *out;
	const cJSON		*email, *subject;
	int			 rc = -1;

	if (scim_body_json(&body, c->req, err) == -1)
		goto out;
	email = cJSON_GetObjectItemCaseSensitive(body, "email");
	subject = cJSON_GetObjectItemCaseSensitive(body, "subject");
	if (!cJSON_IsString(email)) {
		err_set(err, 400, ST_INVALID_VALUE, "\"email\" is required");
		goto out;
	}
	if (dom_sso_login(&s, c->conn, &c->req->arena, c->token, c->token_len,
	    email->valuestring, cJSON_IsString(subject) ?
	    subject->valuestring : NULL, err) == -1)
		goto out;
	c->resp->org_id = s.member.org_id;
	out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "session", s.token);
	cJSON_AddBoolToObject(out, "provisioned", s.provisioned);
	cJSON_AddItemToObject(out, "member", scim_sso_member_json(&s.member));
	scim_render_json(c->resp, 200, out);
	rc = 0;
out:
	cJSON_Delete(body);
	return rc;
}

int
scim_sso_session(struct scim_call *c, struct err *err)
{
	struct member_row	m;

	if (dom_sso_session(&m, c->conn, &c->req->arena, c->token,
	    c->token_len, err) == -1)
		return -1;
	c->resp->org_id = m.org_id;
	scim_render_json(c->resp, 200, scim_sso_member_json(&m));
	return 0;
}
