/* SPDX-License-Identifier: MIT */
/*
 * scim/sso/sso.c
 *
 * /sso/v1: the product's sign-in path. Not SCIM, but its errors use the
 * same JSON error shape so every client parses one format.
 */
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/sso.h"
#include "scim/resources/handlers.h"
#include "scim/model/render.h"

static cJSON *
member_json(const struct member_row *m)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", m->id);
	cJSON_AddStringToObject(o, "orgId", m->org_id);
	cJSON_AddStringToObject(o, "userName", m->user_name);
	cJSON_AddStringToObject(o, "role", m->role);
	cJSON_AddBoolToObject(o, "active", m->active);
	return o;
}

void
scim_sso_login(struct scim_resp *resp, struct scim_req *req,
    struct db_conn *c, const char *secret, size_t len)
{
	struct err		 e = { 0 };
	struct dom_session	 s;
	cJSON			*body = NULL, *out;
	const cJSON		*email, *subject;

	if (scim_body_json(&body, req, &e) == -1)
		goto fail;
	email = cJSON_GetObjectItemCaseSensitive(body, "email");
	subject = cJSON_GetObjectItemCaseSensitive(body, "subject");
	if (!cJSON_IsString(email)) {
		err_set(&e, 400, ST_INVALID_VALUE, "\"email\" is required");
		goto fail;
	}
	if (dom_sso_login(&s, c, &req->arena, secret, len, email->valuestring,
	    cJSON_IsString(subject) ? subject->valuestring : NULL, &e) == -1)
		goto fail;
	resp->org_id = s.member.org_id;
	out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "session", s.token);
	cJSON_AddBoolToObject(out, "provisioned", s.provisioned);
	cJSON_AddItemToObject(out, "member", member_json(&s.member));
	scim_render_json(resp, 200, out);
	cJSON_Delete(body);
	return;
fail:
	cJSON_Delete(body);
	scim_render_error(resp, &req->arena, &e);
}

void
scim_sso_session(struct scim_resp *resp, struct scim_req *req,
    struct db_conn *c, const char *token, size_t len)
{
	struct err		e = { 0 };
	struct member_row	m;

	if (dom_sso_session(&m, c, &req->arena, token, len, &e) == -1) {
		scim_render_error(resp, &req->arena, &e);
		return;
	}
	resp->org_id = m.org_id;
	scim_render_json(resp, 200, member_json(&m));
}
