/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_discovery.c
 *
 * Unit tests of the discovery documents (scim/model/discovery.h):
 * ServiceProviderConfig, ResourceTypes and Schemas as RFC 7643 §5–§7 shape
 * them. Not for routing (conformance/discovery.test.mjs drives HTTP).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/schema.h"
#include "scim/model/discovery.h"

#define BASE		"https://scim.example.com/scim/v2"
#define URN_CORE	"urn:ietf:params:scim:schemas:core:2.0:User"
#define URN_ENT		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define URN_GROUP	"urn:ietf:params:scim:schemas:core:2.0:Group"
#define URN_LIST	"urn:ietf:params:scim:api:messages:2.0:ListResponse"

static const cJSON *
get(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (v == NULL)
		fail_msg("member \"%s\" missing", name);
	return v;
}

static const char *
get_str(const cJSON *o, const char *name)
{
	const cJSON	*v = get(o, name);

	if (!cJSON_IsString(v))
		fail_msg("member \"%s\" is not a string", name);
	return v->valuestring;
}

static int
get_bool(const cJSON *o, const char *name)
{
	const cJSON	*v = get(o, name);

	if (!cJSON_IsBool(v))
		fail_msg("member \"%s\" is not a boolean", name);
	return cJSON_IsTrue(v);
}

/* A JSON integer (Okta fails on "1"). */
static int
get_int(const cJSON *o, const char *name)
{
	const cJSON	*v = get(o, name);

	if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint)
		fail_msg("member \"%s\" is not an integer", name);
	return v->valueint;
}

static void
assert_schemas_is(const cJSON *o, const char *urn)
{
	const cJSON	*s = get(o, "schemas");

	assert_true(cJSON_IsArray(s));
	assert_int_equal(cJSON_GetArraySize(s), 1);
	assert_true(cJSON_IsString(cJSON_GetArrayItem(s, 0)));
	assert_string_equal(cJSON_GetArrayItem(s, 0)->valuestring, urn);
}

static void
assert_meta(const cJSON *o, const char *type, const char *location)
{
	const cJSON	*meta = get(o, "meta");

	assert_string_equal(get_str(meta, "resourceType"), type);
	assert_string_equal(get_str(meta, "location"), location);
}

/* The element of array arr whose `key` is the string val, or NULL. */
static const cJSON *
find_by(const cJSON *arr, const char *key, const char *val)
{
	const cJSON	*it, *v;

	cJSON_ArrayForEach(it, arr) {
		v = cJSON_GetObjectItemCaseSensitive(it, key);
		if (cJSON_IsString(v) && strcmp(v->valuestring, val) == 0)
			return it;
	}
	return NULL;
}

static int
one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* --- ServiceProviderConfig ------------------------------------------------ */

static void
test_discovery__spc_fields_and_types(void **state)
{
	cJSON		*spc = scim_discovery_spc(BASE, 1048576);
	const cJSON	*x, *schemes, *s;

	(void)state;
	assert_non_null(spc);
	assert_schemas_is(spc,
	    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
	assert_non_null(get_str(spc, "documentationUri"));
	assert_true(get_bool(get(spc, "patch"), "supported"));
	x = get(spc, "bulk");
	assert_true(get_bool(x, "supported"));
	assert_int_equal(get_int(x, "maxOperations"), SCIM_BULK_MAX_OPS);
	assert_int_equal(get_int(x, "maxPayloadSize"), 1048576);
	x = get(spc, "filter");
	assert_true(get_bool(x, "supported"));
	assert_int_equal(get_int(x, "maxResults"), SCIM_MAX_RESULTS);
	assert_false(get_bool(get(spc, "changePassword"), "supported"));
	assert_true(get_bool(get(spc, "sort"), "supported"));
	assert_true(get_bool(get(spc, "etag"), "supported"));

	schemes = get(spc, "authenticationSchemes");
	assert_true(cJSON_IsArray(schemes));
	assert_true(cJSON_GetArraySize(schemes) >= 1);
	s = cJSON_GetArrayItem(schemes, 0);
	assert_string_equal(get_str(s, "type"), "oauthbearertoken");
	assert_true(get_str(s, "name")[0] != '\0');
	assert_true(get_str(s, "description")[0] != '\0');
	assert_meta(spc, "ServiceProviderConfig", BASE "/ServiceProviderConfig");
	cJSON_Delete(spc);
}

/* --- ResourceTypes --------------------------------------------------------- */

static void
assert_list(const cJSON *list, int n)
{
	assert_schemas_is(list, URN_LIST);
	assert_int_equal(get_int(list, "totalResults"), n);
	assert_int_equal(get_int(list, "itemsPerPage"), n);
	assert_int_equal(get_int(list, "startIndex"), 1);
	assert_true(cJSON_IsArray(get(list, "Resources")));
	assert_int_equal(cJSON_GetArraySize(get(list, "Resources")), n);
}

static void
assert_user_rtype(const cJSON *u)
{
	const cJSON	*exts, *e;

	assert_schemas_is(u, "urn:ietf:params:scim:schemas:core:2.0:ResourceType");
	assert_string_equal(get_str(u, "id"), "User");
	assert_string_equal(get_str(u, "name"), "User");
	assert_string_equal(get_str(u, "endpoint"), "/Users");
	assert_string_equal(get_str(u, "schema"), URN_CORE);
	exts = get(u, "schemaExtensions");
	assert_int_equal(cJSON_GetArraySize(exts), 1);
	e = cJSON_GetArrayItem(exts, 0);
	assert_string_equal(get_str(e, "schema"), URN_ENT);
	assert_false(get_bool(e, "required"));
	assert_meta(u, "ResourceType", BASE "/ResourceTypes/User");
}

static void
test_discovery__resource_types_list(void **state)
{
	cJSON		*list = scim_discovery_resource_types(BASE);
	const cJSON	*res, *g;

	(void)state;
	assert_list(list, 2);
	res = get(list, "Resources");
	assert_non_null(find_by(res, "id", "User"));
	assert_user_rtype(find_by(res, "id", "User"));
	g = find_by(res, "id", "Group");
	assert_non_null(g);
	assert_string_equal(get_str(g, "endpoint"), "/Groups");
	assert_string_equal(get_str(g, "schema"), URN_GROUP);
	assert_true(cJSON_IsArray(get(g, "schemaExtensions")));
	assert_int_equal(cJSON_GetArraySize(get(g, "schemaExtensions")), 0);
	assert_meta(g, "ResourceType", BASE "/ResourceTypes/Group");
	cJSON_Delete(list);
}

static void
test_discovery__resource_type_by_id(void **state)
{
	cJSON	*u;

	(void)state;
	u = scim_discovery_resource_type(BASE, "User");
	assert_non_null(u);
	assert_user_rtype(u);
	cJSON_Delete(u);
	u = scim_discovery_resource_type(BASE, "group");
	assert_non_null(u);
	assert_string_equal(get_str(u, "id"), "Group");
	cJSON_Delete(u);
	assert_null(scim_discovery_resource_type(BASE, "Users"));
	assert_null(scim_discovery_resource_type(BASE, ""));
}

/* --- Schemas ---------------------------------------------------------------- */

static void
check_attr(const cJSON *a, const char *where)
{
	static const char *const types[] = { "string", "boolean", "decimal",
		"integer", "dateTime", "reference", "complex", "binary", NULL };
	static const char *const muts[] = { "readOnly", "readWrite", "immutable",
		"writeOnly", NULL };
	static const char *const rets[] = { "always", "never", "default",
		"request", NULL };
	static const char *const uniqs[] = { "none", "server", "global", NULL };
	const cJSON	*v, *subs, *s;
	const char	*name, *type;
	char		 path[256];

	name = get_str(a, "name");
	snprintf(path, sizeof(path), "%s.%s", where, name);
	type = get_str(a, "type");
	if (!one_of(type, types))
		fail_msg("%s: bad type \"%s\"", path, type);
	(void)get_bool(a, "multiValued");
	(void)get_bool(a, "required");
	(void)get_str(a, "description");
	if (!one_of(get_str(a, "mutability"), muts))
		fail_msg("%s: bad mutability", path);
	if (!one_of(get_str(a, "returned"), rets))
		fail_msg("%s: bad returned", path);
	v = cJSON_GetObjectItemCaseSensitive(a, "uniqueness");
	if (v != NULL && !(cJSON_IsString(v) && one_of(v->valuestring, uniqs)))
		fail_msg("%s: bad uniqueness", path);
	v = cJSON_GetObjectItemCaseSensitive(a, "caseExact");
	if (v != NULL && !cJSON_IsBool(v))
		fail_msg("%s: caseExact not a boolean", path);
	subs = cJSON_GetObjectItemCaseSensitive(a, "subAttributes");
	if (strcmp(type, "complex") == 0) {
		if (!cJSON_IsArray(subs) || cJSON_GetArraySize(subs) == 0)
			fail_msg("%s: complex without subAttributes", path);
	} else if (subs != NULL) {
		fail_msg("%s: subAttributes on a %s", path, type);
	}
	cJSON_ArrayForEach(s, subs) {
		if (cJSON_GetObjectItemCaseSensitive(s, "subAttributes") != NULL)
			fail_msg("%s: nested subAttributes", path);
		check_attr(s, path);
	}
}

static void
check_schema(const cJSON *s, const char *urn)
{
	const cJSON	*attrs, *a;
	char		 loc[256];

	assert_schemas_is(s, "urn:ietf:params:scim:schemas:core:2.0:Schema");
	assert_string_equal(get_str(s, "id"), urn);
	assert_true(get_str(s, "name")[0] != '\0');
	(void)get_str(s, "description");
	attrs = get(s, "attributes");
	assert_true(cJSON_IsArray(attrs));
	assert_true(cJSON_GetArraySize(attrs) > 0);
	cJSON_ArrayForEach(a, attrs)
		check_attr(a, urn);
	snprintf(loc, sizeof(loc), BASE "/Schemas/%s", urn);
	assert_meta(s, "Schema", loc);
}

static const cJSON *
attr_named(const cJSON *schema, const char *name)
{
	const cJSON	*a = find_by(get(schema, "attributes"), "name", name);

	if (a == NULL)
		fail_msg("attribute \"%s\" missing", name);
	return a;
}

static void
test_discovery__schemas_list(void **state)
{
	cJSON		*list = scim_discovery_schemas(BASE);
	const cJSON	*res;

	(void)state;
	assert_list(list, 3);
	res = get(list, "Resources");
	assert_non_null(find_by(res, "id", URN_CORE));
	assert_non_null(find_by(res, "id", URN_ENT));
	assert_non_null(find_by(res, "id", URN_GROUP));
	check_schema(find_by(res, "id", URN_CORE), URN_CORE);
	check_schema(find_by(res, "id", URN_ENT), URN_ENT);
	check_schema(find_by(res, "id", URN_GROUP), URN_GROUP);
	cJSON_Delete(list);
}

static void
test_discovery__user_schema_characteristics(void **state)
{
	cJSON		*s = scim_discovery_schema(BASE, URN_CORE);
	const cJSON	*a, *sub;

	(void)state;
	assert_non_null(s);
	a = attr_named(s, "userName");
	assert_string_equal(get_str(a, "type"), "string");
	assert_true(get_bool(a, "required"));
	assert_false(get_bool(a, "caseExact"));
	assert_false(get_bool(a, "multiValued"));
	assert_string_equal(get_str(a, "uniqueness"), "server");
	assert_string_equal(get_str(a, "mutability"), "readWrite");

	a = attr_named(s, "password");
	assert_string_equal(get_str(a, "mutability"), "writeOnly");
	assert_string_equal(get_str(a, "returned"), "never");

	a = attr_named(s, "groups");
	assert_string_equal(get_str(a, "mutability"), "readOnly");
	assert_true(get_bool(a, "multiValued"));

	a = attr_named(s, "active");
	assert_string_equal(get_str(a, "type"), "boolean");

	a = attr_named(s, "emails");
	assert_string_equal(get_str(a, "type"), "complex");
	assert_true(get_bool(a, "multiValued"));
	sub = find_by(get(a, "subAttributes"), "name", "primary");
	assert_non_null(sub);
	assert_string_equal(get_str(sub, "type"), "boolean");
	sub = find_by(get(a, "subAttributes"), "name", "type");
	assert_non_null(sub);
	assert_true(cJSON_IsArray(get(sub, "canonicalValues")));
	assert_non_null(find_by(get(a, "subAttributes"), "name", "value"));
	cJSON_Delete(s);

	s = scim_discovery_schema(BASE, URN_ENT);
	a = attr_named(s, "manager");
	assert_string_equal(get_str(a, "type"), "complex");
	/* Single-valued, whatever Entra sends. */
	assert_false(get_bool(a, "multiValued"));
	sub = find_by(get(a, "subAttributes"), "name", "$ref");
	assert_non_null(sub);
	assert_string_equal(get_str(sub, "type"), "reference");
	assert_true(cJSON_IsArray(get(sub, "referenceTypes")));
	cJSON_Delete(s);

	s = scim_discovery_schema(BASE, URN_GROUP);
	a = attr_named(s, "displayName");
	assert_true(get_bool(a, "required"));
	a = attr_named(s, "members");
	assert_true(get_bool(a, "multiValued"));
	cJSON_Delete(s);
}

static void
test_discovery__schema_by_urn_case_insensitive(void **state)
{
	cJSON	*s;

	(void)state;
	s = scim_discovery_schema(BASE,
	    "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER");
	assert_non_null(s);
	assert_string_equal(get_str(s, "id"), URN_CORE);
	cJSON_Delete(s);
	s = scim_discovery_schema(BASE,
	    "urn:ietf:params:scim:schemas:extension:Enterprise:2.0:user");
	assert_non_null(s);
	assert_string_equal(get_str(s, "id"), URN_ENT);
	cJSON_Delete(s);
}

static void
test_discovery__schema_unknown_urn(void **state)
{
	(void)state;
	assert_null(scim_discovery_schema(BASE,
	    "urn:ietf:params:scim:schemas:extension:enterprise:2.0User"));
	assert_null(scim_discovery_schema(BASE,
	    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
	assert_null(scim_discovery_schema(BASE,
	    "urn:ietf:params:scim:schemas:core:2.0"));
	assert_null(scim_discovery_schema(BASE, ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discovery__spc_fields_and_types),
		cmocka_unit_test(test_discovery__resource_types_list),
		cmocka_unit_test(test_discovery__resource_type_by_id),
		cmocka_unit_test(test_discovery__schemas_list),
		cmocka_unit_test(test_discovery__user_schema_characteristics),
		cmocka_unit_test(test_discovery__schema_by_urn_case_insensitive),
		cmocka_unit_test(test_discovery__schema_unknown_urn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
