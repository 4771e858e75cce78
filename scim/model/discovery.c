/* SPDX-License-Identifier: MIT */
/*
 * scim/model/discovery.c
 *
 * Discovery documents rendered from domain/base/schema.c. When a feature
 * lands, its flag here changes with it.
 */
#include "scim/model/discovery.h"

#include <stdio.h>
#include <strings.h>

#include "domain/base/schema.h"
#include "scim/model/render.h"

#define URN_SPC		"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
#define URN_RTYPE	"urn:ietf:params:scim:schemas:core:2.0:ResourceType"
#define URN_SCHEMA	"urn:ietf:params:scim:schemas:core:2.0:Schema"

/* The resource types served, NULL-terminated. */
static const struct schema_rtype *const served[] = {
	&schema_rtype_user, &schema_rtype_group, NULL
};

static void
add_meta(cJSON *o, const char *type, const char *base_url, const char *path)
{
	cJSON	*meta = cJSON_AddObjectToObject(o, "meta");
	char	 loc[512];

	cJSON_AddStringToObject(meta, "resourceType", type);
	snprintf(loc, sizeof(loc), "%s%s", base_url, path);
	cJSON_AddStringToObject(meta, "location", loc);
}

static cJSON *
one_schema_list(const char *urn)
{
	cJSON	*a = cJSON_CreateArray();

	cJSON_AddItemToArray(a, cJSON_CreateString(urn));
	return a;
}

static cJSON *
supported(cJSON *parent, const char *name, int yes)
{
	cJSON	*o = cJSON_AddObjectToObject(parent, name);

	cJSON_AddBoolToObject(o, "supported", yes);
	return o;
}

cJSON *
scim_discovery_spc(const char *base_url, long max_payload)
{
	cJSON	*o = cJSON_CreateObject(), *x, *schemes, *s;

	cJSON_AddItemToObject(o, "schemas", one_schema_list(URN_SPC));
	cJSON_AddStringToObject(o, "documentationUri",
	    "https://datatracker.ietf.org/doc/html/rfc7644");
	supported(o, "patch", 1);
	x = supported(o, "bulk", 1);
	cJSON_AddNumberToObject(x, "maxOperations", SCIM_BULK_MAX_OPS);
	cJSON_AddNumberToObject(x, "maxPayloadSize", (double)max_payload);
	x = supported(o, "filter", 1);
	cJSON_AddNumberToObject(x, "maxResults", SCIM_MAX_RESULTS);
	supported(o, "changePassword", 0);
	supported(o, "sort", 1);
	supported(o, "etag", 1);
	/* RFC 9865 §5; cursorTimeout is storage/cursor.h's DB_CURSOR_TTL. */
	x = cJSON_AddObjectToObject(o, "pagination");
	cJSON_AddBoolToObject(x, "cursor", 1);
	cJSON_AddBoolToObject(x, "index", 1);
	cJSON_AddStringToObject(x, "defaultPaginationMethod", "index");
	cJSON_AddNumberToObject(x, "defaultPageSize", SCIM_MAX_RESULTS);
	cJSON_AddNumberToObject(x, "maxPageSize", SCIM_MAX_RESULTS);
	cJSON_AddNumberToObject(x, "cursorTimeout", SCIM_CURSOR_TIMEOUT);
	schemes = cJSON_AddArrayToObject(o, "authenticationSchemes");
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "type", "oauthbearertoken");
	cJSON_AddStringToObject(s, "name", "OAuth Bearer Token");
	cJSON_AddStringToObject(s, "description",
	    "A bearer token created with `scimd token create`, bound to one organization.");
	cJSON_AddStringToObject(s, "specUri",
	    "https://datatracker.ietf.org/doc/html/rfc6750");
	cJSON_AddBoolToObject(s, "primary", 1);
	cJSON_AddItemToArray(schemes, s);
	add_meta(o, "ServiceProviderConfig", base_url, "/ServiceProviderConfig");
	return o;
}

static cJSON *
rtype_json(const struct schema_rtype *rt, const char *base_url)
{
	cJSON	*o = cJSON_CreateObject(), *exts, *e;
	char	 path[128];

	cJSON_AddItemToObject(o, "schemas", one_schema_list(URN_RTYPE));
	cJSON_AddStringToObject(o, "id", rt->id);
	cJSON_AddStringToObject(o, "name", rt->id);
	cJSON_AddStringToObject(o, "endpoint", rt->endpoint);
	cJSON_AddStringToObject(o, "description", rt->description);
	cJSON_AddStringToObject(o, "schema", rt->core->id);
	exts = cJSON_AddArrayToObject(o, "schemaExtensions");
	if (rt->ext != NULL) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "schema", rt->ext->id);
		cJSON_AddBoolToObject(e, "required", rt->ext_required);
		cJSON_AddItemToArray(exts, e);
	}
	snprintf(path, sizeof(path), "/ResourceTypes/%s", rt->id);
	add_meta(o, "ResourceType", base_url, path);
	return o;
}

static cJSON *
list_of(cJSON *items)
{
	cJSON	*o = cJSON_CreateObject();
	int	 n = cJSON_GetArraySize(items);

	cJSON_AddItemToObject(o, "schemas", one_schema_list(SCIM_URN_LIST));
	cJSON_AddNumberToObject(o, "totalResults", n);
	cJSON_AddNumberToObject(o, "itemsPerPage", n);
	cJSON_AddNumberToObject(o, "startIndex", 1);
	cJSON_AddItemToObject(o, "Resources", items);
	return o;
}

cJSON *
scim_discovery_resource_types(const char *base_url)
{
	cJSON	*items = cJSON_CreateArray();
	int	 i;

	for (i = 0; served[i] != NULL; i++)
		cJSON_AddItemToArray(items, rtype_json(served[i], base_url));
	return list_of(items);
}

cJSON *
scim_discovery_resource_type(const char *base_url, const char *id)
{
	int	i;

	for (i = 0; served[i] != NULL; i++)
		if (strcasecmp(served[i]->id, id) == 0)
			return rtype_json(served[i], base_url);
	return NULL;
}

static const char *
type_str(enum schema_type t)
{
	switch (t) {
	case SCHEMA_STRING:	return "string";
	case SCHEMA_BOOLEAN:	return "boolean";
	case SCHEMA_DECIMAL:	return "decimal";
	case SCHEMA_INTEGER:	return "integer";
	case SCHEMA_DATETIME:	return "dateTime";
	case SCHEMA_REFERENCE:	return "reference";
	case SCHEMA_COMPLEX:	return "complex";
	case SCHEMA_BINARY:	return "binary";
	}
	return "string";
}

static const char *
mut_str(enum schema_mut m)
{
	switch (m) {
	case SCHEMA_RW:		return "readWrite";
	case SCHEMA_RO:		return "readOnly";
	case SCHEMA_IMMUTABLE:	return "immutable";
	case SCHEMA_WO:		return "writeOnly";
	}
	return "readWrite";
}

static const char *
ret_str(enum schema_ret r)
{
	switch (r) {
	case SCHEMA_RET_DEFAULT:	return "default";
	case SCHEMA_RET_ALWAYS:		return "always";
	case SCHEMA_RET_NEVER:		return "never";
	case SCHEMA_RET_REQUEST:	return "request";
	}
	return "default";
}

static const char *
uniq_str(enum schema_uniq u)
{
	switch (u) {
	case SCHEMA_UNIQ_NONE:		return "none";
	case SCHEMA_UNIQ_SERVER:	return "server";
	case SCHEMA_UNIQ_GLOBAL:	return "global";
	}
	return "none";
}

static cJSON *
strings(const char *const *v)
{
	cJSON	*a = cJSON_CreateArray();

	for (; v != NULL && *v != NULL; v++)
		cJSON_AddItemToArray(a, cJSON_CreateString(*v));
	return a;
}

static cJSON *
attr_json(const struct schema_attr *a)
{
	cJSON	*o = cJSON_CreateObject(), *subs;
	size_t	 i;

	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "type", type_str(a->type));
	cJSON_AddBoolToObject(o, "multiValued", a->multi);
	cJSON_AddStringToObject(o, "description", a->description ? a->description : "");
	cJSON_AddBoolToObject(o, "required", a->required);
	if (a->type != SCHEMA_COMPLEX && a->type != SCHEMA_BOOLEAN)
		cJSON_AddBoolToObject(o, "caseExact", a->case_exact);
	if (a->canonical != NULL)
		cJSON_AddItemToObject(o, "canonicalValues", strings(a->canonical));
	if (a->ref_types != NULL)
		cJSON_AddItemToObject(o, "referenceTypes", strings(a->ref_types));
	cJSON_AddStringToObject(o, "mutability", mut_str(a->mutability));
	cJSON_AddStringToObject(o, "returned", ret_str(a->returned));
	if (a->type != SCHEMA_COMPLEX && a->type != SCHEMA_BOOLEAN)
		cJSON_AddStringToObject(o, "uniqueness", uniq_str(a->uniqueness));
	if (a->sub != NULL) {
		subs = cJSON_AddArrayToObject(o, "subAttributes");
		for (i = 0; i < a->nsub; i++)
			cJSON_AddItemToArray(subs, attr_json(&a->sub[i]));
	}
	return o;
}

static cJSON *
schema_json(const struct schema *s, const char *base_url)
{
	cJSON	*o = cJSON_CreateObject(), *attrs;
	char	 path[160];
	size_t	 i;

	cJSON_AddItemToObject(o, "schemas", one_schema_list(URN_SCHEMA));
	cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "description", s->description);
	attrs = cJSON_AddArrayToObject(o, "attributes");
	for (i = 0; i < s->nattrs; i++)
		cJSON_AddItemToArray(attrs, attr_json(&s->attrs[i]));
	snprintf(path, sizeof(path), "/Schemas/%s", s->id);
	add_meta(o, "Schema", base_url, path);
	return o;
}

static int
schema_served(const struct schema *s)
{
	int	i;

	for (i = 0; served[i] != NULL; i++)
		if (served[i]->core == s || served[i]->ext == s)
			return 1;
	return 0;
}

cJSON *
scim_discovery_schemas(const char *base_url)
{
	cJSON	*items = cJSON_CreateArray();
	int	 i;

	for (i = 0; schema_all[i] != NULL; i++)
		if (schema_served(schema_all[i]))
			cJSON_AddItemToArray(items,
			    schema_json(schema_all[i], base_url));
	return list_of(items);
}

cJSON *
scim_discovery_schema(const char *base_url, const char *urn)
{
	const struct schema	*s = schema_find(urn);

	if (s == NULL || !schema_served(s))
		return NULL;
	return schema_json(s, base_url);
}
