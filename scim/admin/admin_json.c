/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_json.c
 *
 * The JSON shapes of the operator API, shared by /admin/v1 and the admin
 * command line so both print the same fields. Secrets (tokens, keys)
 * never appear here: they are shown once, by the call that creates them.
 */
#include "scim/admin/admin.h"

#include "domain/member.h"

/* A string member, or null when s is NULL. */
static void
add_str(cJSON *o, const char *name, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

cJSON *
scim_admin_policy_json(const struct dom_policy *p)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddBoolToObject(o, "allowOutsideMembers",
	    p->allow_outside_members == 1);
	cJSON_AddNumberToObject(o, "removalRatePerHour", p->removal_rate_per_hour);
	cJSON_AddBoolToObject(o, "revokeApiKeysOnRemoval",
	    p->revoke_api_keys_on_removal == 1);
	if (p->seat_limit >= 0)
		cJSON_AddNumberToObject(o, "seatLimit", p->seat_limit);
	else
		cJSON_AddNullToObject(o, "seatLimit");
	cJSON_AddNumberToObject(o, "sessionIdleHours", p->session_idle_hours);
	cJSON_AddNumberToObject(o, "sessionMaxDays", p->session_max_days);
	return o;
}

cJSON *
scim_admin_seats_json(long long used, int limit)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "used", (double)used);
	if (limit >= 0)
		cJSON_AddNumberToObject(o, "limit", limit);
	else
		cJSON_AddNullToObject(o, "limit");
	return o;
}

cJSON *
scim_admin_domain_json(const struct dom_org_info *org, size_t i)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "domain", org->domains[i].domain);
	cJSON_AddBoolToObject(o, "verified", org->domains[i].verified != 0);
	cJSON_AddBoolToObject(o, "jit", org->domains[i].jit != 0);
	return o;
}

/* The window, the limit and the count per admin (or token without one). */
static cJSON *
removal_rate_json(const struct dom_org_info *org)
{
	cJSON	*o = cJSON_CreateObject(), *counts, *one;
	size_t	 i;

	cJSON_AddNumberToObject(o, "windowSeconds", DOM_REMOVAL_WINDOW);
	cJSON_AddNumberToObject(o, "limit", org->policy.removal_rate_per_hour);
	counts = cJSON_AddArrayToObject(o, "counts");
	for (i = 0; i < org->nremovals; i++) {
		one = cJSON_CreateObject();
		add_str(one, "admin", org->removals[i].admin);
		add_str(one, "token", org->removals[i].token_id);
		add_str(one, "label", org->removals[i].token_label);
		cJSON_AddNumberToObject(one, "removals",
		    (double)org->removals[i].count);
		cJSON_AddItemToArray(counts, one);
	}
	return o;
}

cJSON *
scim_admin_org_json(const struct dom_org_info *org)
{
	cJSON	*o = cJSON_CreateObject();
	cJSON	*domains;
	size_t	 i;

	cJSON_AddStringToObject(o, "id", org->id);
	add_str(o, "name", org->name);
	cJSON_AddItemToObject(o, "policy", scim_admin_policy_json(&org->policy));
	domains = cJSON_AddArrayToObject(o, "domains");
	for (i = 0; i < org->ndomains; i++)
		cJSON_AddItemToArray(domains, scim_admin_domain_json(org, i));
	cJSON_AddItemToObject(o, "seats", scim_admin_seats_json(org->seats_used,
	    org->policy.seat_limit));
	/* Refusals are counted so an operator sees an IdP hammering a guard. */
	cJSON_AddNumberToObject(o, "guardRefusals", (double)org->refusals);
	cJSON_AddItemToObject(o, "removalRate", removal_rate_json(org));
	return o;
}

cJSON *
scim_admin_token_json(const struct token_row *t)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", t->id);
	add_str(o, "label", t->label);
	add_str(o, "admin", t->admin_user_name);
	add_str(o, "created", t->created);
	add_str(o, "lastUsed", t->last_used);
	add_str(o, "revoked", t->revoked);
	return o;
}

cJSON *
scim_admin_api_key_json(const struct api_key_row *k)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", k->id);
	add_str(o, "label", k->label);
	add_str(o, "member", k->member_id);
	add_str(o, "created", k->created);
	add_str(o, "revoked", k->revoked);
	return o;
}

/*
 * The detail is a JSON object stored as jsonb, so its text is valid JSON
 * and goes into the line as it is, without a parse.
 */
cJSON *
scim_admin_audit_json(const struct audit_row *r)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)r->id);
	add_str(o, "at", r->at);
	add_str(o, "action", r->action);
	add_str(o, "actorTokenId", r->actor_token_id);
	add_str(o, "actorMemberId", r->actor_member_id);
	add_str(o, "targetMemberId", r->target_member_id);
	add_str(o, "personId", r->person_id);
	add_str(o, "targetUserName", r->target_user_name);
	add_str(o, "targetEmail", r->target_email);
	cJSON_AddRawToObject(o, "detail", r->detail != NULL ? r->detail : "{}");
	return o;
}
