/* SPDX-License-Identifier: MIT */
/*
 * scim/sso/sso_invite.c
 *
 * POST /sso/v1/invitations/accept and /sso/v1/invite-links/accept: the
 * product's sign-in path, holding the org's SSO secret, turns a signed-in
 * identity and an invitation or link token into a member and a session.
 */
#include "scim/sso/sso.h"

#include <cjson/cJSON.h>

#include "domain/invite.h"
#include "scim/http/request.h"
#include "scim/model/render.h"

/* A string member of the body, or NULL when absent; 400 for another type. */
static int
body_str(const char **out, const cJSON *body, const char *name, int required,
    struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(body, name);

	*out = NULL;
	if (v == NULL && !required)
		return 0;
	if (!cJSON_IsString(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" is required and must be a string", name);
	*out = v->valuestring;
	return 0;
}

int
scim_sso_invite_accept(struct scim_call *c, struct err *err)
{
	struct dom_session	 s;
	cJSON			*body = NULL, *out;
	const char		*token, *email, *subject;
	int			 rc = -1;

	if (scim_body_json(&body, c->req, err) == -1 ||
	    body_str(&token, body, "token", 1, err) == -1 ||
	    body_str(&email, body, "email", 1, err) == -1 ||
	    body_str(&subject, body, "subject", 0, err) == -1)
		goto out;
	if (dom_invite_accept(&s, c->conn, &c->req->arena, c->token,
	    c->token_len, token, email, subject, err) == -1)
		goto out;
	c->resp->org_id = s.member.org_id;
	out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "session", s.token);
	cJSON_AddBoolToObject(out, "provisioned", s.provisioned);
	cJSON_AddItemToObject(out, "member", scim_sso_member_json(&s.member));
	scim_render_json(c->resp, 201, out);
	rc = 0;
out:
	cJSON_Delete(body);
	return rc;
}
