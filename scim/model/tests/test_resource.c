/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_resource.c
 *
 * Unit tests of resource rendering (scim/model/resource.h): a stored row becomes
 * the User or Group a client sees, with schemas, id and meta. Not for
 * projection (test_project.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/group_row.h"
#include "domain/base/member_row.h"
#include "scim/model/resource.h"

#include "model_harness.h"

#define BASE		"https://scim.example.com/scim/v2"
#define URN_CORE	"urn:ietf:params:scim:schemas:core:2.0:User"
#define URN_ENT		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define URN_GROUP	"urn:ietf:params:scim:schemas:core:2.0:Group"
#define UID		"2819c223-7f76-453a-919d-413861904646"
#define GID		"e9e30dba-f08f-4109-8486-d5c6a331660a"
#define CREATED		"2026-01-02T03:04:05.678Z"
#define UPDATED		"2026-02-03T04:05:06.789Z"

static struct member_row
member(const char *resource, int active, long long version)
{
	struct member_row	m;

	memset(&m, 0, sizeof(m));
	m.id = UID;
	m.org_id = "00000000-0000-0000-0000-000000000001";
	m.user_name = "bjensen";
	m.active = active;
	m.role = "member";
	m.resource = resource;
	m.version = version;
	m.created = CREATED;
	m.updated = UPDATED;
	return m;
}

/* --- Users ------------------------------------------------------------------ */

static void
test_resource__user_core_only(void **state)
{
	struct member_row	 m = member("{\"userName\":\"bjensen\","
	    "\"name\":{\"givenName\":\"Barbara\"},\"active\":true}", 1, 3);
	cJSON			*u;

	(void)state;
	u = scim_resource_user(&m, BASE);
	assert_non_null(u);
	h_assert_json_eq(u,
	    "{\"schemas\":[\"" URN_CORE "\"],\"id\":\"" UID "\","
	    "\"userName\":\"bjensen\",\"name\":{\"givenName\":\"Barbara\"},"
	    "\"active\":true,\"roles\":[{\"value\":\"member\"}],"
	    "\"meta\":{\"resourceType\":\"User\",\"created\":\"" CREATED "\","
	    "\"lastModified\":\"" UPDATED "\","
	    "\"location\":\"" BASE "/Users/" UID "\","
	    "\"version\":\"W/\\\"3\\\"\"}}");
	/* schemas and id come first, as clients print them. */
	assert_string_equal(u->child->string, "schemas");
	assert_string_equal(u->child->next->string, "id");
	cJSON_Delete(u);
}

static void
test_resource__user_with_enterprise(void **state)
{
	struct member_row	 m = member("{\"userName\":\"bjensen\","
	    "\"" URN_ENT "\":{\"department\":\"Tour\"}}", 1, 1);
	cJSON			*u;

	(void)state;
	u = scim_resource_user(&m, BASE);
	assert_non_null(u);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, "schemas"),
	    "[\"" URN_CORE "\",\"" URN_ENT "\"]");
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, URN_ENT),
	    "{\"department\":\"Tour\"}");
	cJSON_Delete(u);
}

static void
test_resource__user_active_from_row(void **state)
{
	struct member_row	 m;
	cJSON			*u;

	(void)state;
	/* The row says inactive; the stored JSON's stale true must not win. */
	m = member("{\"userName\":\"bjensen\",\"active\":true}", 0, 2);
	u = scim_resource_user(&m, BASE);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(u, "active")));
	assert_int_equal(cJSON_GetArraySize(u), 6);	/* no duplicate key */
	cJSON_Delete(u);

	m = member("{\"userName\":\"bjensen\",\"active\":false}", 1, 2);
	u = scim_resource_user(&m, BASE);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "active")));
	cJSON_Delete(u);

	/* Absent in the stored form: still rendered (Okta requires it). */
	m = member("{\"userName\":\"bjensen\"}", 0, 2);
	u = scim_resource_user(&m, BASE);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(u, "active")));
	cJSON_Delete(u);
}

static void
test_resource__user_stored_form(void **state)
{
	struct member_row	 m = member("{\"userName\":\"bjensen\","
	    "\"active\":true}", 0, 4);
	cJSON			*s;

	(void)state;
	s = scim_resource_user_stored(&m);
	h_assert_json_eq(s, "{\"userName\":\"bjensen\",\"active\":false,"
	    "\"roles\":[{\"value\":\"member\"}]}");
	cJSON_Delete(s);
}

static void
test_resource__user_roles_from_row(void **state)
{
	struct member_row	 m = member("{\"userName\":\"bjensen\","
	    "\"roles\":[{\"value\":\"member\"}]}", 1, 4);
	cJSON			*u;

	(void)state;
	/* An operator made them admin: the stale stored value must not win. */
	m.role = "admin";
	u = scim_resource_user(&m, BASE);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, "roles"),
	    "[{\"value\":\"admin\"}]");
	cJSON_Delete(u);
	/* A group mapping grants more than the direct role: it shows... */
	m.role = "viewer";
	m.group_role = "admin";
	u = scim_resource_user(&m, BASE);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, "roles"),
	    "[{\"value\":\"admin\"}]");
	cJSON_Delete(u);
	/* ...while a PUT or PATCH starts from the role held directly. */
	u = scim_resource_user_stored(&m);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, "roles"),
	    "[{\"value\":\"viewer\"}]");
	cJSON_Delete(u);
	/* The owner stays owner whatever a group grants. */
	m.role = "owner";
	u = scim_resource_user(&m, BASE);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(u, "roles"),
	    "[{\"value\":\"owner\"}]");
	cJSON_Delete(u);
}

static void
test_resource__user_unreadable_row(void **state)
{
	static const char *const bad[] = { "", "{", "[1,2]", "\"x\"", "null" };
	struct member_row	 m;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = member(bad[i], 1, 1);
		assert_null(scim_resource_user(&m, BASE));
		assert_null(scim_resource_user_stored(&m));
	}
	m = member(NULL, 1, 1);
	assert_null(scim_resource_user(&m, BASE));
}

static void
test_resource__etag(void **state)
{
	char	buf[32];

	(void)state;
	scim_resource_etag(buf, sizeof(buf), 1);
	assert_string_equal(buf, "W/\"1\"");
	scim_resource_etag(buf, sizeof(buf), 9007199254740993LL);
	assert_string_equal(buf, "W/\"9007199254740993\"");
	scim_resource_etag(buf, 4, 12345);
	assert_string_equal(buf, "W/\"");
}

/* --- Groups ----------------------------------------------------------------- */

static struct group_row
group(const char *resource)
{
	struct group_row	g;

	memset(&g, 0, sizeof(g));
	g.id = GID;
	g.org_id = "00000000-0000-0000-0000-000000000001";
	g.display_name = "Tour Guides";
	g.resource = resource;
	g.version = 7;
	g.created = CREATED;
	g.updated = UPDATED;
	return g;
}

static void
test_resource__group_members_not_loaded(void **state)
{
	struct group_row	 g = group("{\"displayName\":\"Tour Guides\","
	    "\"externalId\":\"g-1\"}");
	cJSON			*j;

	(void)state;
	j = scim_resource_group(&g, BASE);
	assert_non_null(j);
	h_assert_json_eq(j,
	    "{\"schemas\":[\"" URN_GROUP "\"],\"id\":\"" GID "\","
	    "\"displayName\":\"Tour Guides\",\"externalId\":\"g-1\","
	    "\"meta\":{\"resourceType\":\"Group\",\"created\":\"" CREATED "\","
	    "\"lastModified\":\"" UPDATED "\","
	    "\"location\":\"" BASE "/Groups/" GID "\","
	    "\"version\":\"W/\\\"7\\\"\"}}");
	cJSON_Delete(j);
}

static void
test_resource__group_members_loaded(void **state)
{
	static const struct group_member_ref members[] = {
		{ UID, "Babs Jensen" },
		{ "902c246b-6245-4190-8e05-00816be7344a", NULL },
	};
	struct group_row	 g = group("{\"displayName\":\"Tour Guides\"}");
	cJSON			*j;

	(void)state;
	g.members_loaded = 1;
	g.members = members;
	g.nmembers = 2;
	j = scim_resource_group(&g, BASE);
	h_assert_json_eq(cJSON_GetObjectItemCaseSensitive(j, "members"),
	    "[{\"value\":\"" UID "\",\"$ref\":\"" BASE "/Users/" UID "\","
	    "\"display\":\"Babs Jensen\",\"type\":\"User\"},"
	    "{\"value\":\"902c246b-6245-4190-8e05-00816be7344a\","
	    "\"$ref\":\"" BASE "/Users/902c246b-6245-4190-8e05-00816be7344a\","
	    "\"type\":\"User\"}]");
	cJSON_Delete(j);
}

static void
test_resource__group_members_loaded_empty(void **state)
{
	struct group_row	 g = group("{\"displayName\":\"Empty\"}");
	cJSON			*j, *m;

	(void)state;
	g.members_loaded = 1;
	j = scim_resource_group(&g, BASE);
	m = cJSON_GetObjectItemCaseSensitive(j, "members");
	assert_true(cJSON_IsArray(m));
	assert_int_equal(cJSON_GetArraySize(m), 0);
	cJSON_Delete(j);
}

static void
test_resource__group_unreadable_row(void **state)
{
	struct group_row	 g = group("not json");

	(void)state;
	assert_null(scim_resource_group(&g, BASE));
	g = group(NULL);
	assert_null(scim_resource_group(&g, BASE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resource__user_core_only),
		cmocka_unit_test(test_resource__user_with_enterprise),
		cmocka_unit_test(test_resource__user_active_from_row),
		cmocka_unit_test(test_resource__user_stored_form),
		cmocka_unit_test(test_resource__user_roles_from_row),
		cmocka_unit_test(test_resource__user_unreadable_row),
		cmocka_unit_test(test_resource__etag),
		cmocka_unit_test(test_resource__group_members_not_loaded),
		cmocka_unit_test(test_resource__group_members_loaded),
		cmocka_unit_test(test_resource__group_members_loaded_empty),
		cmocka_unit_test(test_resource__group_unreadable_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
