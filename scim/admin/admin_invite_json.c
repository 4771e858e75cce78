/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_invite_json.c
 *
 * The JSON of invitations and invite links, for /admin/v1 and the
 * command line alike. Tokens appear only in the *_issued shapes.
 */
#include "scim/admin/admin_invite.h"

/* A string, or null. */
static void
str(cJSON *o, const char *name, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

static const char *
invite_state(const struct invite_row *r)
{
	return r->expired ? "expired" : r->state;
}

cJSON *
scim_admin_invite_json(const struct invite_row *r)
{
	cJSON	*o = cJSON_CreateObject();

	str(o, "id", r->id);
	str(o, "email", r->email);
	str(o, "role", r->role);
	str(o, "state", invite_state(r));
	str(o, "invitedBy", r->invited_by);
	str(o, "invitedByUserName", r->invited_by_user_name);
	cJSON_AddBoolToObject(o, "inviterRemoved", r->inviter_removed);
	str(o, "created", r->created);
	str(o, "expires", r->expires);
	str(o, "ended", r->ended);
	str(o, "acceptedMemberId", r->accepted_member_id);
	str(o, "acceptedVia", r->accepted_via);
	str(o, "replacedBy", r->replaced_by);
	return o;
}

cJSON *
scim_admin_invite_issued_json(const struct dom_invite_issued *i)
{
	cJSON	*o = scim_admin_invite_json(&i->row);

	str(o, "token", i->token);
	str(o, "acceptUrl", i->accept_url);
	str(o, "replaces", i->replaced);
	return o;
}

static const char *
link_state(const struct invite_link_row *r)
{
	if (r->revoked != NULL)
		return "revoked";
	if (r->expired)
		return "expired";
	if (r->max_uses >= 0 && r->uses >= r->max_uses)
		return "used_up";
	return "active";
}

cJSON *
scim_admin_link_json(const struct invite_link_row *r)
{
	cJSON	*o = cJSON_CreateObject();
	cJSON	*d = cJSON_AddArrayToObject(o, "domains");
	size_t	 i;

	for (i = 0; i < r->ndomains; i++)
		cJSON_AddItemToArray(d, cJSON_CreateString(r->domains[i]));
	str(o, "id", r->id);
	str(o, "role", r->role);
	if (r->max_uses >= 0)
		cJSON_AddNumberToObject(o, "maxUses", (double)r->max_uses);
	else
		cJSON_AddNullToObject(o, "maxUses");
	cJSON_AddNumberToObject(o, "uses", (double)r->uses);
	str(o, "expires", r->expires);
	str(o, "state", link_state(r));
	str(o, "createdBy", r->created_by);
	str(o, "createdByUserName", r->created_by_user_name);
	str(o, "created", r->created);
	str(o, "revoked", r->revoked);
	str(o, "revokedReason", r->revoked_reason);
	return o;
}

cJSON *
scim_admin_link_issued_json(const struct dom_link_issued *l)
{
	cJSON	*o = scim_admin_link_json(&l->row);

	str(o, "token", l->token);
	str(o, "acceptUrl", l->accept_url);
	return o;
}
