/* SPDX-License-Identifier: MIT */
/*
 * scim/resource.c
 *
 * Stored form plus row metadata → the resource a client sees.
 */
#include "scim/resource.h"

#include <stdio.h>
#include <string.h>

#include "domain/base/schema.h"

void
scim_resource_etag(char *buf, size_t cap, long long version)
{
	snprintf(buf, cap, "W/\"%lld\"", version);
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
	return res;
}

cJSON *
scim_resource_user(const struct member_row *m, const char *base_url)
{
	cJSON	*stored = scim_resource_user_stored(m);
	cJSON	*out, *schemas, *meta, *it, *next;
	char	 tag[32];

	if (stored == NULL)
		return NULL;
	out = cJSON_CreateObject();
	schemas = cJSON_AddArrayToObject(out, "schemas");
	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCHEMA_URN_USER));
	if (cJSON_GetObjectItemCaseSensitive(stored, SCHEMA_URN_ENTERPRISE))
		cJSON_AddItemToArray(schemas,
		    cJSON_CreateString(SCHEMA_URN_ENTERPRISE));
	cJSON_AddStringToObject(out, "id", m->id);
	/* Move the stored attributes over in their stored order. */
	for (it = stored->child; it != NULL; it = next) {
		next = it->next;
		cJSON_AddItemToObject(out, it->string,
		    cJSON_DetachItemViaPointer(stored, it));
	}
	cJSON_Delete(stored);
	meta = cJSON_AddObjectToObject(out, "meta");
	cJSON_AddStringToObject(meta, "resourceType", "User");
	cJSON_AddStringToObject(meta, "created", m->created);
	cJSON_AddStringToObject(meta, "lastModified", m->updated);
	{
		size_t	n = strlen(base_url) + strlen(m->id) + 16;
		char	loc[512];

		if (n < sizeof(loc)) {
			snprintf(loc, sizeof(loc), "%s/Users/%s", base_url, m->id);
			cJSON_AddStringToObject(meta, "location", loc);
		}
	}
	scim_resource_etag(tag, sizeof(tag), m->version);
	cJSON_AddStringToObject(meta, "version", tag);
	return out;
}
