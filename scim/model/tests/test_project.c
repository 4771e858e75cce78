/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_project.c
 *
 * Unit tests of attribute projection (scim/model/project.h): `attributes` and
 * `excludedAttributes` over rendered User and Group resources. Not for
 * query-string parsing (the handlers pass the raw lists in).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/model/project.h"

#include "model_harness.h"

#define URN_CORE	"urn:ietf:params:scim:schemas:core:2.0:User"
#define URN_ENT		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define URN_GROUP	"urn:ietf:params:scim:schemas:core:2.0:Group"

#define SCHEMAS_USER	"\"schemas\":[\"" URN_CORE "\",\"" URN_ENT "\"]"
#define SCHEMAS_GROUP	"\"schemas\":[\"" URN_GROUP "\"]"
#define ID_USER		"\"id\":\"2819c223-7f76-453a-919d-413861904646\""
#define ID_GROUP	"\"id\":\"e9e30dba-f08f-4109-8486-d5c6a331660a\""

static const char user_json[] =
    "{" SCHEMAS_USER "," ID_USER ","
    "\"externalId\":\"701984\","
    "\"userName\":\"bjensen@example.com\","
    "\"name\":{\"formatted\":\"Ms. Barbara J Jensen, III\","
    "\"familyName\":\"Jensen\",\"givenName\":\"Barbara\"},"
    "\"displayName\":\"Babs Jensen\","
    "\"active\":true,"
    "\"emails\":[{\"value\":\"bjensen@example.com\",\"type\":\"work\",\"primary\":true},"
    "{\"value\":\"babs@jensen.org\",\"type\":\"home\"}],"
    "\"" URN_ENT "\":{\"employeeNumber\":\"701984\",\"department\":\"Tour Operations\","
    "\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\","
    "\"displayName\":\"John Smith\"}},"
    "\"meta\":{\"resourceType\":\"User\",\"version\":\"W/\\\"3\\\"\","
    "\"location\":\"https://h/scim/v2/Users/2819c223-7f76-453a-919d-413861904646\"}}";

static const char group_json[] =
    "{" SCHEMAS_GROUP "," ID_GROUP ","
    "\"displayName\":\"Tour Guides\","
    "\"externalId\":\"g-1\","
    "\"members\":[{\"value\":\"2819c223-7f76-453a-919d-413861904646\","
    "\"display\":\"Babs Jensen\",\"type\":\"User\"}],"
    "\"meta\":{\"resourceType\":\"Group\"}}";

/*
 * Projects `doc_json` for rt with the given lists (either may be NULL)
 * and expects the result `want` (compared structurally).
 */
static void
expect_projection(const struct schema_rtype *rt, const char *doc_json,
    const char *attributes, const char *excluded, const char *want)
{
	struct scim_projection	 p;
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	cJSON			*doc = h_json(doc_json), *w = h_json(want);
	char			*got;
	int			 rc, eq;

	rc = scim_projection_parse(&p, &a, rt, attributes, excluded, &e);
	if (rc == 0)
		scim_project(doc, &p, rt);
	eq = rc == 0 && cJSON_Compare(doc, w, 1);
	if (!eq) {
		got = cJSON_PrintUnformatted(doc);
		print_error("attributes=%s excluded=%s (rc %d)\ngot:  %s\n"
		    "want: %s\n", attributes ? attributes : "-",
		    excluded ? excluded : "-", rc, got, want);
		cJSON_free(got);
	}
	/* Freed before asserting, so a failure does not also leak. */
	cJSON_Delete(w);
	cJSON_Delete(doc);
	arena_free(&a);
	assert_true(eq);
}

/* --- attributes (include mode) ------------------------------------------ */

static void
test_project__include_keeps_schemas_and_id(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, "userName", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"bjensen@example.com\"}");
	expect_projection(&schema_rtype_group, group_json, "displayName", NULL,
	    "{" SCHEMAS_GROUP "," ID_GROUP ",\"displayName\":\"Tour Guides\"}");
}

static void
test_project__include_names_case_insensitive_and_trimmed(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json,
	    " USERNAME , displayname ,active", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"bjensen@example.com\","
	    "\"displayName\":\"Babs Jensen\",\"active\":true}");
}

static void
test_project__include_sub_attribute_single(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, "name.givenName", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"name\":{\"givenName\":\"Barbara\"}}");
	expect_projection(&schema_rtype_user, user_json,
	    "name.givenName,name.familyName", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"name\":{\"givenName\":\"Barbara\","
	    "\"familyName\":\"Jensen\"}}");
}

static void
test_project__include_whole_and_sub_attribute(void **state)
{
	static const char want[] =
	    "{" SCHEMAS_USER "," ID_USER ",\"name\":{\"formatted\":"
	    "\"Ms. Barbara J Jensen, III\",\"familyName\":\"Jensen\","
	    "\"givenName\":\"Barbara\"}}";

	(void)state;
	/* The whole attribute wins, whatever the order. */
	expect_projection(&schema_rtype_user, user_json, "name,name.givenName",
	    NULL, want);
	expect_projection(&schema_rtype_user, user_json, "name.givenName,name",
	    NULL, want);
}

static void
test_project__include_sub_attribute_multi(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, "emails.value", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"emails\":[{\"value\":"
	    "\"bjensen@example.com\"},{\"value\":\"babs@jensen.org\"}]}");
}

/* Two sub-attributes of one multi-valued attribute: both, per element. */
static void
test_project__include_two_subs_of_multi(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, "emails.value,emails.type",
	    NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"emails\":["
	    "{\"value\":\"bjensen@example.com\",\"type\":\"work\"},"
	    "{\"value\":\"babs@jensen.org\",\"type\":\"home\"}]}");
}

static void
test_project__include_urn_qualified(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json,
	    URN_ENT ":department", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"" URN_ENT "\":"
	    "{\"department\":\"Tour Operations\"}}");
	expect_projection(&schema_rtype_user, user_json,
	    URN_ENT ":manager.value", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"" URN_ENT "\":"
	    "{\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\"}}}");
	expect_projection(&schema_rtype_user, user_json,
	    URN_CORE ":userName," URN_CORE ":name.familyName", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"bjensen@example.com\","
	    "\"name\":{\"familyName\":\"Jensen\"}}");
}

static void
test_project__include_extension_urn_alone(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, URN_ENT, NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"" URN_ENT "\":{\"employeeNumber\":"
	    "\"701984\",\"department\":\"Tour Operations\","
	    "\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\","
	    "\"displayName\":\"John Smith\"}}}");
}

static void
test_project__include_absent_attribute(void **state)
{
	(void)state;
	/* Known but absent: nothing is invented, not even an empty object. */
	expect_projection(&schema_rtype_user, user_json,
	    "nickName,name.middleName," URN_ENT ":costCenter", NULL,
	    "{" SCHEMAS_USER "," ID_USER "}");
	expect_projection(&schema_rtype_user,
	    "{\"schemas\":[\"" URN_CORE "\"]," ID_USER ",\"userName\":\"u\"}",
	    URN_ENT ":department", NULL,
	    "{\"schemas\":[\"" URN_CORE "\"]," ID_USER "}");
}

static void
test_project__include_unknown_names_ignored(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json,
	    "bogus,userName,name.bogus,urn:example:x:foo", NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"bjensen@example.com\"}");
	/* Nothing resolvable: the projection is empty and changes nothing. */
	expect_projection(&schema_rtype_user, user_json, "bogus", NULL, user_json);
	expect_projection(&schema_rtype_user, user_json, "", NULL, user_json);
}

static void
test_project__include_common_attributes(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, "externalId,meta.version",
	    NULL,
	    "{" SCHEMAS_USER "," ID_USER ",\"externalId\":\"701984\","
	    "\"meta\":{\"version\":\"W/\\\"3\\\"\"}}");
}

static void
test_project__include_group_members(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_group, group_json, "members.value", NULL,
	    "{" SCHEMAS_GROUP "," ID_GROUP ",\"members\":[{\"value\":"
	    "\"2819c223-7f76-453a-919d-413861904646\"}]}");
}

/* --- excludedAttributes ---------------------------------------------------- */

static void
test_project__exclude_attributes(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, NULL,
	    "emails,name.formatted,meta,externalId",
	    "{" SCHEMAS_USER "," ID_USER ","
	    "\"userName\":\"bjensen@example.com\","
	    "\"name\":{\"familyName\":\"Jensen\",\"givenName\":\"Barbara\"},"
	    "\"displayName\":\"Babs Jensen\",\"active\":true,"
	    "\"" URN_ENT "\":{\"employeeNumber\":\"701984\",\"department\":"
	    "\"Tour Operations\",\"manager\":{\"value\":"
	    "\"26118915-6090-4610-87e4-49d8ca9f808d\",\"displayName\":\"John Smith\"}}}");
}

static void
test_project__exclude_sub_of_multi(void **state)
{
	cJSON		*doc = h_json(user_json), *emails, *it;
	struct scim_projection	 p;
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user, NULL,
	    "emails.type", &e), 0);
	scim_project(doc, &p, &schema_rtype_user);
	emails = cJSON_GetObjectItemCaseSensitive(doc, "emails");
	assert_int_equal(cJSON_GetArraySize(emails), 2);
	cJSON_ArrayForEach(it, emails) {
		assert_null(cJSON_GetObjectItemCaseSensitive(it, "type"));
		assert_non_null(cJSON_GetObjectItemCaseSensitive(it, "value"));
	}
	assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "userName"));
	cJSON_Delete(doc);
	arena_free(&a);
}

static void
test_project__exclude_never_removes_id(void **state)
{
	cJSON		*doc = h_json(user_json);
	struct scim_projection	 p;
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user, NULL,
	    "id," URN_CORE ":id,ID,userName", &e), 0);
	scim_project(doc, &p, &schema_rtype_user);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "id"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "schemas"));
	assert_null(cJSON_GetObjectItemCaseSensitive(doc, "userName"));
	cJSON_Delete(doc);
	arena_free(&a);
}

static void
test_project__exclude_urn_qualified(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"u\","
	    "\"" URN_ENT "\":{\"department\":\"d\",\"manager\":{\"value\":\"m\"}}}",
	    NULL, URN_ENT ":manager," URN_CORE ":userName",
	    "{" SCHEMAS_USER "," ID_USER ",\"" URN_ENT "\":{\"department\":\"d\"}}");
}

static void
test_project__exclude_extension_urn_alone(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"u\","
	    "\"" URN_ENT "\":{\"department\":\"d\"}}",
	    NULL, URN_ENT,
	    "{" SCHEMAS_USER "," ID_USER ",\"userName\":\"u\"}");
}

static void
test_project__exclude_unknown_ignored(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_user, user_json, NULL,
	    "bogus,schemas,name.bogus", user_json);
}

static void
test_project__exclude_group_members(void **state)
{
	(void)state;
	expect_projection(&schema_rtype_group, group_json, NULL, "members",
	    "{" SCHEMAS_GROUP "," ID_GROUP ",\"displayName\":\"Tour Guides\","
	    "\"externalId\":\"g-1\",\"meta\":{\"resourceType\":\"Group\"}}");
}

/* --- Parsing ------------------------------------------------------------- */

static void
test_project__both_lists_rejected(void **state)
{
	struct scim_projection	 p;
	struct arena		 a = { 0 };
	struct err		 e = { 0 };

	(void)state;
	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user,
	    "userName", "emails", &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	err_clear(&e);
	/* Even empty ones: both parameters were given. */
	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user,
	    "", "", &e), -1);
	assert_int_equal(e.status, 400);
	arena_free(&a);
}

static void
test_project__parse_resolves_paths(void **state)
{
	struct scim_projection	 p;
	struct arena		 a = { 0 };
	struct err		 e = { 0 };

	(void)state;
	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user,
	    "name.givenName,bogus," URN_ENT ":department," URN_ENT ",id", NULL,
	    &e), 0);
	assert_int_equal(p.include, 1);
	assert_int_equal(p.npaths, 4);
	assert_ptr_equal(p.paths[0].schema, &schema_user);
	assert_string_equal(p.paths[0].attr->name, "name");
	assert_string_equal(p.paths[0].sub->name, "givenName");
	assert_ptr_equal(p.paths[1].schema, &schema_enterprise_user);
	assert_string_equal(p.paths[1].attr->name, "department");
	assert_null(p.paths[1].sub);
	assert_ptr_equal(p.paths[2].schema, &schema_enterprise_user);
	assert_null(p.paths[2].attr);
	assert_ptr_equal(p.paths[3].schema, &schema_common);
	assert_string_equal(p.paths[3].attr->name, "id");
	arena_free(&a);

	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_user, NULL,
	    NULL, &e), 0);
	assert_int_equal(p.npaths, 0);
	assert_int_equal(p.include, 0);
	arena_free(&a);
}

/* --- scim_projection_excludes -------------------------------------------- */

static int
excludes(const char *attributes, const char *excluded, const char *attr)
{
	struct scim_projection	 p;
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	int			 r;

	assert_int_equal(scim_projection_parse(&p, &a, &schema_rtype_group,
	    attributes, excluded, &e), 0);
	r = scim_projection_excludes(&p, attr);
	arena_free(&a);
	return r;
}

static void
test_project__excludes_members(void **state)
{
	(void)state;
	/* Entra: GET /Groups?excludedAttributes=members&filter=… */
	assert_true(excludes(NULL, "members", "members"));
	assert_true(excludes(NULL, "displayName,MEMBERS", "members"));
	assert_true(excludes(NULL, URN_GROUP ":members", "members"));
	assert_true(excludes("displayName", NULL, "members"));
	assert_true(excludes("externalId,meta", NULL, "members"));

	assert_false(excludes(NULL, NULL, "members"));
	assert_false(excludes(NULL, "", "members"));
	assert_false(excludes(NULL, "displayName", "members"));
	assert_false(excludes(NULL, "members.display", "members"));
	assert_false(excludes("members", NULL, "members"));
	assert_false(excludes("members.value", NULL, "members"));
	assert_false(excludes("displayName,members", NULL, "members"));
	assert_false(excludes("bogus", NULL, "members"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project__include_keeps_schemas_and_id),
		cmocka_unit_test(test_project__include_names_case_insensitive_and_trimmed),
		cmocka_unit_test(test_project__include_sub_attribute_single),
		cmocka_unit_test(test_project__include_whole_and_sub_attribute),
		cmocka_unit_test(test_project__include_sub_attribute_multi),
		cmocka_unit_test(test_project__include_two_subs_of_multi),
		cmocka_unit_test(test_project__include_urn_qualified),
		cmocka_unit_test(test_project__include_extension_urn_alone),
		cmocka_unit_test(test_project__include_absent_attribute),
		cmocka_unit_test(test_project__include_unknown_names_ignored),
		cmocka_unit_test(test_project__include_common_attributes),
		cmocka_unit_test(test_project__include_group_members),
		cmocka_unit_test(test_project__exclude_attributes),
		cmocka_unit_test(test_project__exclude_sub_of_multi),
		cmocka_unit_test(test_project__exclude_never_removes_id),
		cmocka_unit_test(test_project__exclude_urn_qualified),
		cmocka_unit_test(test_project__exclude_extension_urn_alone),
		cmocka_unit_test(test_project__exclude_unknown_ignored),
		cmocka_unit_test(test_project__exclude_group_members),
		cmocka_unit_test(test_project__both_lists_rejected),
		cmocka_unit_test(test_project__parse_resolves_paths),
		cmocka_unit_test(test_project__excludes_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
