/* SPDX-License-Identifier: MIT */
/*
 * scim/model/resource.c
 *
 * Stored form plus row metadata → the resource a client sees.
 */
#include "scim/model/resource.h"

#include <stdio.h>
#include <string.h>

#include "domain/base/schema.h"

const char *
scim_resource_print(struct arena *a, const cJSON *stored)
{
	char		*s = cJSON_PrintUnformatted(stored);
	const char	*copy = s ? arena_strdup(a, s) : NULL;

	cJSON_free(s);
	return copy;
}

void
scim_resource_etag(char *buf, size_t cap, long long version)
{
	snprintf(buf, cap, "W/\"%lld\"", version);
}

/*
 * Moves the stored attributes into out in the schema's order (JSONB keeps
 * keys in its own order, not the client's), then anything else; frees
 * stored.
 */
static void
move_attrs(cJSON *out, cJSON *stored, const struct schema_rtype *rt)
{
	cJSON	*it, *next;
	size_t	 i;

	if ((it = cJSON_DetachItemFromObjectCaseSensitive(stored, "externalId")))
		cJSON_AddItemToObject(out, "externalId", it);
	for (i = 0; i < rt->core->nattrs; i++) {
		it = cJSON_DetachItemFromObjectCaseSensitive(stored,
		    rt->core->attrs[i].name);
		if (it != NULL)
			cJSON_AddItemToObject(out, rt->core->attrs[i].name, it);
	}
	for (it = stored->child; it != NULL; it = next) {
		next = it->next;
		cJSON_AddItemToObject(out, it->string,
		    cJSON_DetachItemViaPointer(stored, it));
	}
	cJSON_Delete(stored);
}

static void
add_meta(cJSON *out, const char *type, const char *endpoint, const char *id,
    const char *created, const char *updated, long long version,
    const char *base_url)
{
	cJSON	*meta = cJSON_AddObjectToObject(out, "meta");
	char	 tag[32], loc[512];

	cJSON_AddStringToObject(meta, "resourceType", type);
	cJSON_AddStringToObject(meta, "created", created);
	cJSON_AddStringToObject(meta, "lastModified", updated);
	if ((size_t)snprintf(loc, sizeof(loc), "%s/%s/%s", base_url, endpoint,
	    id) < sizeof(loc))
		cJSON_AddStringToObject(meta, "location", loc);
	scim_resource_etag(tag, sizeof(tag), version);
	cJSON_AddStringToObject(meta, "version", tag);
}

/* `roles` as the one role given, whatever the stored form said. */
static void
set_role(cJSON *res, const char *role)
{
	cJSON	*roles, *one;

	cJSON_DeleteItemFromObjectCaseSensitive(res, "roles");
	if (role == NULL)
		return;
	roles = cJSON_AddArrayToObject(res, "roles");
	one = cJSON_CreateObject();
	cJSON_AddStringToObject(one, "value", role);
	cJSON_AddItemToArray(roles, one);
}

cJSON *
scim_resource_user_stored(const struct member_row *m)
{
	cJSON	*res = cJSON_Parse(m->resource ? m->resource : "");

	if (!cJSON_IsObject(res)) {
		cJSON_Delete(res);
		return NULL;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(res, "active");
	cJSON_AddBoolToObject(res, "active", m->active);
	set_role(res, m->role);
	return res;
}

cJSON *
scim_resource_user(const struct member_row *m, const char *base_url)
{
	cJSON	*stored = scim_resource_user_stored(m);
	cJSON	*out, *schemas;

	if (stored == NULL)
		return NULL;
	/* What the member holds, however it was set: a group may grant more. */
	set_role(stored, schema_role_held(m->role, m->group_role));
	out = cJSON_CreateObject();
	schemas = cJSON_AddArrayToObject(out, "schemas");
	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCHEMA_URN_USER));
	if (cJSON_GetObjectItemCaseSensitive(stored, SCHEMA_URN_ENTERPRISE))
		cJSON_AddItemToArray(schemas,
		    cJSON_CreateString(SCHEMA_URN_ENTERPRISE));
	cJSON_AddStringToObject(out, "id", m->id);
	move_attrs(out, stored, &schema_rtype_user);
	add_meta(out, "User", "Users", m->id, m->created, m->updated,
	    m->version, base_url);
	return out;
}

cJSON *
scim_resource_group(const struct group_row *g, const char *base_url)
{
	cJSON	*stored = cJSON_Parse(g->resource ? g->resource : "");
	cJSON	*out, *schemas, *members, *m;
	char	 ref[512];
	size_t	 i;

	if (!cJSON_IsObject(stored)) {
		cJSON_Delete(stored);
		return NULL;
	}
	out = cJSON_CreateObject();
	schemas = cJSON_AddArrayToObject(out, "schemas");
	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCHEMA_URN_GROUP));
	cJSON_AddStringToObject(out, "id", g->id);
	move_attrs(out, stored, &schema_rtype_group);
	if (g->members_loaded) {
		members = cJSON_AddArrayToObject(out, "members");
		for (i = 0; i < g->nmembers; i++) {
			m = cJSON_CreateObject();
			cJSON_AddStringToObject(m, "value", g->members[i].id);
			snprintf(ref, sizeof(ref), "%s/Users/%s", base_url,
			    g->members[i].id);
			cJSON_AddStringToObject(m, "$ref", ref);
			if (g->members[i].display != NULL)
				cJSON_AddStringToObject(m, "display",
				    g->members[i].display);
			cJSON_AddStringToObject(m, "type", "User");
			cJSON_AddItemToArray(members, m);
		}
	}
	add_meta(out, "Group", "Groups", g->id, g->created, g->updated,
	    g->version, base_url);
	return out;
}
