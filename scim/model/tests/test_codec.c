/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_codec.c
 *
 * Unit tests of the resource codec (scim/model/codec.h): the stored form that
 * real IdP bodies (IDP-NOTES.md) normalise to, and the 400s for bodies
 * that cannot be stored. Not for PATCH (test_patch.c covers that).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/model/codec.h"

#define URN_ENT		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

static cJSON *
parse(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	if (j == NULL)
		fail_msg("test JSON does not parse: %s", s);
	return j;
}

/* True when got equals the JSON text want structurally (key order free). */
static int
json_eq(const cJSON *got, const char *want)
{
	cJSON	*w = parse(want);
	char	*g;
	int	 eq = cJSON_Compare(got, w, 1);

	if (!eq) {
		g = got ? cJSON_PrintUnformatted(got) : NULL;
		print_error("got:  %s\nwant: %s\n", g ? g : "(null)", want);
		cJSON_free(g);
	}
	cJSON_Delete(w);
	return eq;
}

static void
assert_json_eq(const cJSON *got, const char *want)
{
	assert_true(json_eq(got, want));
}

/* Normalises body for rt and expects success with the stored form want. */
static void
expect_stored(const struct schema_rtype *rt, const char *body, const char *want)
{
	cJSON		*in = parse(body), *out = NULL;
	struct err	 e = { 0 };
	int		 rc, eq;

	rc = scim_codec_normalize(&out, rt, in, &e);
	if (rc != 0)
		print_error("unexpected error %d: %s\n", e.status, e.detail);
	eq = rc == 0 && e.status == 0 && out != NULL && json_eq(out, want);
	/* Freed before asserting, so a failure does not also leak. */
	cJSON_Delete(out);
	cJSON_Delete(in);
	assert_true(eq);
}

/*
 * Normalises body and expects -1 with status/type, *out left NULL, and
 * the detail containing `needle` (NULL: not checked).
 */
static void
expect_fail(const struct schema_rtype *rt, const char *body, int status,
    enum scim_type type, const char *needle)
{
	cJSON		*in = parse(body), *out = (cJSON *)1;
	struct err	 e = { 0 };

	assert_int_equal(scim_codec_normalize(&out, rt, in, &e), -1);
	assert_null(out);
	assert_int_equal(e.status, status);
	assert_int_equal(e.type, type);
	if (needle != NULL && strstr(e.detail, needle) == NULL)
		fail_msg("detail \"%s\" does not contain \"%s\"", e.detail, needle);
	cJSON_Delete(in);
}

/* --- Real IdP bodies ---------------------------------------------------- */

static void
test_codec__entra_create_current(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
	    "\"" URN_ENT "\"],"
	    "\"externalId\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\","
	    "\"userName\":\"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\","
	    "\"active\":true,"
	    "\"emails\":[{\"primary\":true,\"type\":\"work\","
	    "\"value\":\"Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com\"}],"
	    "\"meta\":{\"resourceType\":\"User\"},"
	    "\"name\":{\"formatted\":\"givenName familyName\","
	    "\"familyName\":\"familyName\",\"givenName\":\"givenName\"},"
	    "\"roles\":[]}",
	    "{\"externalId\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\","
	    "\"userName\":\"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\","
	    "\"active\":true,"
	    "\"emails\":[{\"primary\":true,\"type\":\"work\","
	    "\"value\":\"Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com\"}],"
	    "\"name\":{\"formatted\":\"givenName familyName\","
	    "\"familyName\":\"familyName\",\"givenName\":\"givenName\"}}");
}

static void
test_codec__entra_create_old_nulls_and_typo_urn(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
	    "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0User\"],"
	    "\"externalId\":\"jyoung\",\"userName\":\"jyoung\",\"active\":true,"
	    "\"addresses\":null,\"displayName\":\"Joy Young\","
	    "\"emails\":[{\"type\":\"work\",\"value\":\"jyoung@Contoso.com\","
	    "\"primary\":true}],"
	    "\"meta\":{\"resourceType\":\"User\"},"
	    "\"name\":{\"familyName\":\"Young\",\"givenName\":\"Joy\"},"
	    "\"phoneNumbers\":null,\"preferredLanguage\":null,\"title\":null,"
	    "\"department\":null,\"manager\":null}",
	    "{\"externalId\":\"jyoung\",\"userName\":\"jyoung\",\"active\":true,"
	    "\"displayName\":\"Joy Young\","
	    "\"emails\":[{\"type\":\"work\",\"value\":\"jyoung@Contoso.com\","
	    "\"primary\":true}],"
	    "\"name\":{\"familyName\":\"Young\",\"givenName\":\"Joy\"}}");
}

static void
test_codec__okta_create_drops_password_and_groups(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
	    "\"userName\":\"test.user@okta.local\","
	    "\"name\":{\"givenName\":\"Test\",\"familyName\":\"User\"},"
	    "\"emails\":[{\"primary\":true,\"value\":\"test.user@okta.local\","
	    "\"type\":\"work\"}],"
	    "\"displayName\":\"Test User\",\"locale\":\"en-US\","
	    "\"externalId\":\"00ujl29u0le5T6Aj10h7\","
	    "\"groups\":[],\"password\":\"1mz050nq\",\"active\":true}",
	    "{\"userName\":\"test.user@okta.local\","
	    "\"name\":{\"givenName\":\"Test\",\"familyName\":\"User\"},"
	    "\"emails\":[{\"primary\":true,\"value\":\"test.user@okta.local\","
	    "\"type\":\"work\"}],"
	    "\"displayName\":\"Test User\",\"locale\":\"en-US\","
	    "\"externalId\":\"00ujl29u0le5T6Aj10h7\",\"active\":true}");
}

static void
test_codec__entra_group_create_extra_schema(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_group,
	    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\","
	    "\"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group\"],"
	    "\"externalId\":\"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159\","
	    "\"displayName\":\"Group1DisplayName\","
	    "\"meta\":{\"resourceType\":\"Group\"}}",
	    "{\"externalId\":\"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159\","
	    "\"displayName\":\"Group1DisplayName\"}");
}

static void
test_codec__okta_group_push_empty_members(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_group,
	    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
	    "\"displayName\":\"Test SCIMv2\",\"members\":[]}",
	    "{\"displayName\":\"Test SCIMv2\"}");
}

/* --- What is dropped ---------------------------------------------------- */

static void
test_codec__server_controlled_dropped(void **state)
{
	(void)state;
	/* Any case of the key: these are never the client's to set. */
	expect_stored(&schema_rtype_user,
	    "{\"SCHEMAS\":[\"x\"],\"ID\":\"abc\",\"Meta\":{\"version\":\"W/\\\"9\\\"\"},"
	    "\"Password\":\"secret\",\"groups\":[{\"value\":\"g1\",\"display\":\"G\"}],"
	    "\"userName\":\"u\"}",
	    "{\"userName\":\"u\"}");
}

static void
test_codec__nulls_and_empties_dropped(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"nickName\":null,\"externalId\":null,"
	    "\"name\":{\"givenName\":null},\"emails\":[null],"
	    "\"phoneNumbers\":[],\"addresses\":[{}],"
	    "\"" URN_ENT "\":{\"department\":null}}",
	    "{\"userName\":\"u\"}");
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"givenName\":null,\"familyName\":\"F\"},"
	    "\"emails\":[null,{\"value\":\"a@x\",\"type\":null}]}",
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\"},"
	    "\"emails\":[{\"value\":\"a@x\"}]}");
}

static void
test_codec__unknown_attributes_ignored(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"favouriteColour\":\"blue\","
	    "\"name\":{\"givenName\":\"G\",\"nick\":\"x\"},"
	    "\"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User\":"
	    "{\"tag\":\"t\"}}",
	    "{\"userName\":\"u\",\"name\":{\"givenName\":\"G\"}}");
}

static void
test_codec__strings_kept_as_sent(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"  MiXeD@Example.COM \",\"displayName\":\"\","
	    "\"emails\":[{\"value\":\"MiXeD@Example.COM\"}]}",
	    "{\"userName\":\"  MiXeD@Example.COM \",\"displayName\":\"\","
	    "\"emails\":[{\"value\":\"MiXeD@Example.COM\"}]}");
}

/* --- Tolerated deviations ------------------------------------------------ */

static void
test_codec__attribute_name_case_normalised(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"USERNAME\":\"u\",\"DisplayName\":\"D\",\"externalid\":\"e\","
	    "\"NAME\":{\"GIVENNAME\":\"G\"},"
	    "\"Emails\":[{\"VALUE\":\"a@x\",\"Primary\":true}],"
	    "\"urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user\":"
	    "{\"EMPLOYEENUMBER\":\"7\"}}",
	    "{\"userName\":\"u\",\"displayName\":\"D\",\"externalId\":\"e\","
	    "\"name\":{\"givenName\":\"G\"},"
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":true}],"
	    "\"" URN_ENT "\":{\"employeeNumber\":\"7\"}}");
	expect_stored(&schema_rtype_group, "{\"DISPLAYNAME\":\"g\"}",
	    "{\"displayName\":\"g\"}");
}

static void
test_codec__string_booleans(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"active\":\"False\","
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":\"True\"},"
	    "{\"value\":\"b@x\",\"primary\":\"false\"}]}",
	    "{\"userName\":\"u\",\"active\":false,"
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":true},"
	    "{\"value\":\"b@x\",\"primary\":false}]}");
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"active\":\"TRUE\"}",
	    "{\"userName\":\"u\",\"active\":true}");
}

static void
test_codec__single_object_wrapped_in_array(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"emails\":{\"value\":\"a@x\",\"type\":\"work\"},"
	    "\"phoneNumbers\":{\"value\":\"+1 555\"}}",
	    "{\"userName\":\"u\",\"emails\":[{\"value\":\"a@x\",\"type\":\"work\"}],"
	    "\"phoneNumbers\":[{\"value\":\"+1 555\"}]}");
}

static void
test_codec__manager_array_of_one_unwrapped(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"$ref\":null,\"value\":\"00aa\"}]}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"00aa\"}}}");
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"$ref\":\"http://h/Users/00aa\",\"value\":\"00aa\"}]}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "{\"$ref\":\"http://h/Users/00aa\",\"value\":\"00aa\"}}}");
	/* An empty array means unassigned. */
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":[]}}",
	    "{\"userName\":\"u\"}");
}

static void
test_codec__manager_array_of_two_rejected(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"value\":\"a\"},{\"value\":\"b\"}]}}",
	    400, ST_INVALID_VALUE, "manager");
}

static void
test_codec__manager_bare_string(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":\"00aa\"}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"00aa\"}}}");
}

static void
test_codec__manager_display_name_read_only(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "{\"value\":\"m\",\"displayName\":\"Boss\"}}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"m\"}}}");
}

static void
test_codec__members_bare_strings_and_null_ref(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_group,
	    "{\"displayName\":\"g\",\"members\":[\"m1\","
	    "{\"$ref\":null,\"value\":\"m2\"},"
	    "{\"value\":\"m3\",\"display\":\"Three\"}]}",
	    "{\"displayName\":\"g\",\"members\":[{\"value\":\"m1\"},"
	    "{\"value\":\"m2\"},{\"value\":\"m3\",\"display\":\"Three\"}]}");
}

static void
test_codec__urn_qualified_top_level_keys(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\","
	    "\"" URN_ENT ":department\":\"x\","
	    "\"" URN_ENT ":employeeNumber\":\"42\","
	    "\"urn:ietf:params:scim:schemas:core:2.0:User:displayName\":\"D\"}",
	    "{\"userName\":\"u\",\"displayName\":\"D\","
	    "\"" URN_ENT "\":{\"department\":\"x\",\"employeeNumber\":\"42\"}}");
}

static void
test_codec__urn_key_merges_with_extension_object(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\","
	    "\"" URN_ENT "\":{\"costCenter\":\"cc\"},"
	    "\"" URN_ENT ":department\":\"x\"}",
	    "{\"userName\":\"u\","
	    "\"" URN_ENT "\":{\"costCenter\":\"cc\",\"department\":\"x\"}}");
}

static void
test_codec__core_urn_object(void **state)
{
	(void)state;
	/* The core schema URN as a key holds core attributes. */
	expect_stored(&schema_rtype_user,
	    "{\"urn:ietf:params:scim:schemas:core:2.0:User\":"
	    "{\"userName\":\"u\",\"nickName\":\"n\"}}",
	    "{\"userName\":\"u\",\"nickName\":\"n\"}");
}

static void
test_codec__dotted_keys(void **state)
{
	(void)state;
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name.givenName\":\"Kkom\","
	    "\"name.familyName\":\"Unua\","
	    "\"" URN_ENT ":manager.value\":\"m1\"}",
	    "{\"userName\":\"u\",\"name\":{\"givenName\":\"Kkom\","
	    "\"familyName\":\"Unua\"},"
	    "\"" URN_ENT "\":{\"manager\":{\"value\":\"m1\"}}}");
	/* Merged into an existing object, never stored as a literal key. */
	expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\"},"
	    "\"NAME.GIVENNAME\":\"G\"}",
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\",\"givenName\":\"G\"}}");
}

static void
test_codec__dotted_key_type_checked(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name.givenName\":7}",
	    400, ST_INVALID_VALUE, "name");
}

/* --- Errors -------------------------------------------------------------- */

static void
test_codec__missing_user_name(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"displayName\":\"D\"}",
	    400, ST_INVALID_VALUE, "userName");
	expect_fail(&schema_rtype_user, "{\"userName\":null}",
	    400, ST_INVALID_VALUE, "userName");
	expect_fail(&schema_rtype_user, "{}", 400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__empty_user_name(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":\"\"}",
	    400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__user_name_wrong_type(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":42}",
	    400, ST_INVALID_VALUE, "userName");
	expect_fail(&schema_rtype_user, "{\"userName\":[\"u\"]}",
	    400, ST_INVALID_VALUE, "userName");
	expect_fail(&schema_rtype_user, "{\"userName\":true}",
	    400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__group_display_name_required(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_group, "{\"members\":[]}",
	    400, ST_INVALID_VALUE, "displayName");
	expect_fail(&schema_rtype_group, "{\"displayName\":\"\"}",
	    400, ST_INVALID_VALUE, "displayName");
}

static void
test_codec__active_not_boolean(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"active\":\"maybe\"}",
	    400, ST_INVALID_VALUE, "active");
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"active\":1}",
	    400, ST_INVALID_VALUE, "active");
}

static void
test_codec__primary_not_boolean(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"emails\":[{\"value\":\"a\",\"primary\":\"yes\"}]}",
	    400, ST_INVALID_VALUE, "emails.primary");
}

static void
test_codec__emails_string(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"emails\":\"x\"}",
	    400, ST_INVALID_VALUE, "emails");
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"emails\":[\"x\"]}",
	    400, ST_INVALID_VALUE, "emails");
}

static void
test_codec__name_string(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"name\":\"x\"}",
	    400, ST_INVALID_VALUE, "name");
	expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"givenName\":5}}",
	    400, ST_INVALID_VALUE, "name.givenName");
}

static void
test_codec__external_id_not_string(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"externalId\":7}",
	    400, ST_INVALID_VALUE, "externalId");
}

static void
test_codec__extension_not_object(void **state)
{
	(void)state;
	expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":\"x\"}",
	    400, ST_INVALID_VALUE, URN_ENT);
}

static void
test_codec__body_not_object(void **state)
{
	static const char *const bodies[] = {
		"[]", "[{\"userName\":\"u\"}]", "\"u\"", "42", "null", "true",
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		expect_fail(&schema_rtype_user, bodies[i], 400,
		    ST_INVALID_SYNTAX, NULL);
	expect_fail(&schema_rtype_group, "[]", 400, ST_INVALID_SYNTAX, NULL);
}

/* --- scim_codec_value: the dateTime check ---------------------------------- */

/* meta.created is the one dateTime the catalog has. */
static int
datetime_value(const char *json, struct err *e)
{
	const struct schema_attr	*meta = schema_attr_find(&schema_common, "meta");
	const struct schema_attr	*created;
	cJSON				*in = parse(json), *out = NULL;
	int				 rc;

	assert_non_null(meta);
	created = schema_sub_find(meta, "created");
	assert_non_null(created);
	assert_int_equal(created->type, SCHEMA_DATETIME);
	rc = scim_codec_value(&out, meta, created, in, "meta.created", e);
	if (rc == 0) {
		assert_true(cJSON_Compare(out, in, 1));
	} else {
		assert_null(out);
	}
	cJSON_Delete(out);
	cJSON_Delete(in);
	return rc;
}

static void
test_codec__datetime_valid(void **state)
{
	static const char *const ok[] = {
		"\"2026-11-23T08:01:50Z\"",
		"\"2026-11-23T08:01:50.123Z\"",
		"\"2026-11-23T08:01:50+02:00\"",
		"\"2026-11-23T08:01:50.5-05:30\"",
	};
	struct err	e = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (datetime_value(ok[i], &e) != 0)
			fail_msg("%s rejected: %s", ok[i], e.detail);
	}
}

static void
test_codec__datetime_malformed(void **state)
{
	static const char *const bad[] = {
		"\"2026-11-23\"",
		"\"2026-11-23T08:01:50\"",		/* no zone */
		"\"2026-11-23 08:01:50Z\"",
		"\"2026-11-23T08:01:50+0200\"",
		"\"2026-11-23T08:01:50.Z\"",
		"\"2026-11-23T08:01:50Zjunk\"",
		"\"26-11-23T08:01:50Z\"",
		"\"\"",
		"1700000000",
		"true",
	};
	struct err	e;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		if (datetime_value(bad[i], &e) != -1)
			fail_msg("%s accepted as a dateTime", bad[i]);
		assert_int_equal(e.status, 400);
		assert_int_equal(e.type, ST_INVALID_VALUE);
		assert_non_null(strstr(e.detail, "meta.created"));
	}
}

/* xsd:dateTime fields have ranges: month 13 or hour 25 is not a time. */
static void
test_codec__datetime_out_of_range(void **state)
{
	static const char *const bad[] = {
		"\"2026-13-01T08:01:50Z\"",
		"\"2026-00-01T08:01:50Z\"",
		"\"2026-11-32T08:01:50Z\"",
		"\"2026-11-23T25:01:50Z\"",
		"\"2026-11-23T08:61:50Z\"",
	};
	struct err	e;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		if (datetime_value(bad[i], &e) != -1)
			fail_msg("%s accepted as a dateTime", bad[i]);
		assert_int_equal(e.status, 400);
	}
}

/* --- scim_codec_value: multi-valued and unassigned --------------------------- */

static void
test_codec__value_multi_always_array(void **state)
{
	const struct schema_attr	*emails = schema_attr_find(&schema_user, "emails");
	cJSON				*in, *out;
	struct err			 e = { 0 };

	(void)state;
	assert_non_null(emails);
	in = parse("{\"value\":\"a@x\",\"primary\":\"True\"}");
	assert_int_equal(scim_codec_value(&out, emails, NULL, in, "emails", &e), 0);
	assert_json_eq(out, "[{\"value\":\"a@x\",\"primary\":true}]");
	cJSON_Delete(out);
	cJSON_Delete(in);

	in = parse("[]");
	out = (cJSON *)1;
	assert_int_equal(scim_codec_value(&out, emails, NULL, in, "emails", &e), 0);
	assert_null(out);
	cJSON_Delete(in);

	in = parse("null");
	out = (cJSON *)1;
	assert_int_equal(scim_codec_value(&out, emails, NULL, in, "emails", &e), 0);
	assert_null(out);
	cJSON_Delete(in);

	out = (cJSON *)1;
	assert_int_equal(scim_codec_value(&out, emails, NULL, NULL, "emails", &e), 0);
	assert_null(out);
}

static void
test_codec__value_sub_attribute(void **state)
{
	const struct schema_attr	*emails = schema_attr_find(&schema_user, "emails");
	const struct schema_attr	*primary;
	cJSON				*in, *out = NULL;
	struct err			 e = { 0 };

	(void)state;
	primary = schema_sub_find(emails, "PRIMARY");
	assert_non_null(primary);
	in = parse("\"False\"");
	assert_int_equal(scim_codec_value(&out, emails, primary, in,
	    "emails.primary", &e), 0);
	assert_true(cJSON_IsFalse(out));
	cJSON_Delete(out);
	cJSON_Delete(in);

	in = parse("\"nope\"");
	assert_int_equal(scim_codec_value(&out, emails, primary, in,
	    "emails.primary", &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "emails.primary"));
	cJSON_Delete(in);
}

/* --- scim_codec_bool and scim_codec_get ----------------------------------- */

static void
test_codec__bool_accepts(void **state)
{
	static const struct { const char *json; int want; } ok[] = {
		{ "true", 1 }, { "false", 0 }, { "\"true\"", 1 }, { "\"false\"", 0 },
		{ "\"True\"", 1 }, { "\"False\"", 0 }, { "\"TRUE\"", 1 },
		{ "\"fAlSe\"", 0 },
	};
	size_t	i;
	int	b;
	cJSON	*v;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = parse(ok[i].json);
		b = -7;
		if (scim_codec_bool(&b, v) != 0)
			fail_msg("%s rejected", ok[i].json);
		assert_int_equal(b, ok[i].want);
		cJSON_Delete(v);
	}
}

static void
test_codec__bool_rejects(void **state)
{
	static const char *const bad[] = {
		"\"yes\"", "\"no\"", "\"1\"", "\"0\"", "1", "0", "null", "\"\"",
		"\"true \"", "\" false\"", "\"truex\"", "[true]", "{}",
	};
	size_t	i;
	int	b = -7;
	cJSON	*v;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = parse(bad[i]);
		if (scim_codec_bool(&b, v) != -1)
			fail_msg("%s accepted as a boolean", bad[i]);
		cJSON_Delete(v);
	}
	assert_int_equal(scim_codec_bool(&b, NULL), -1);
	assert_int_equal(b, -7);
}

static void
test_codec__get_case_insensitive(void **state)
{
	cJSON	*o = parse("{\"userName\":\"u\",\"Active\":true}"), *arr;

	(void)state;
	assert_ptr_equal(scim_codec_get(o, "USERNAME"),
	    cJSON_GetObjectItemCaseSensitive(o, "userName"));
	assert_ptr_equal(scim_codec_get(o, "active"),
	    cJSON_GetObjectItemCaseSensitive(o, "Active"));
	assert_null(scim_codec_get(o, "user"));
	arr = parse("[{\"userName\":\"u\"}]");
	assert_null(scim_codec_get(arr, "userName"));
	assert_null(scim_codec_get(NULL, "userName"));
	cJSON_Delete(arr);
	cJSON_Delete(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec__entra_create_current),
		cmocka_unit_test(test_codec__entra_create_old_nulls_and_typo_urn),
		cmocka_unit_test(test_codec__okta_create_drops_password_and_groups),
		cmocka_unit_test(test_codec__entra_group_create_extra_schema),
		cmocka_unit_test(test_codec__okta_group_push_empty_members),
		cmocka_unit_test(test_codec__server_controlled_dropped),
		cmocka_unit_test(test_codec__nulls_and_empties_dropped),
		cmocka_unit_test(test_codec__unknown_attributes_ignored),
		cmocka_unit_test(test_codec__strings_kept_as_sent),
		cmocka_unit_test(test_codec__attribute_name_case_normalised),
		cmocka_unit_test(test_codec__string_booleans),
		cmocka_unit_test(test_codec__single_object_wrapped_in_array),
		cmocka_unit_test(test_codec__manager_array_of_one_unwrapped),
		cmocka_unit_test(test_codec__manager_array_of_two_rejected),
		cmocka_unit_test(test_codec__manager_bare_string),
		cmocka_unit_test(test_codec__manager_display_name_read_only),
		cmocka_unit_test(test_codec__members_bare_strings_and_null_ref),
		cmocka_unit_test(test_codec__urn_qualified_top_level_keys),
		cmocka_unit_test(test_codec__urn_key_merges_with_extension_object),
		cmocka_unit_test(test_codec__core_urn_object),
		cmocka_unit_test(test_codec__dotted_keys),
		cmocka_unit_test(test_codec__dotted_key_type_checked),
		cmocka_unit_test(test_codec__missing_user_name),
		cmocka_unit_test(test_codec__empty_user_name),
		cmocka_unit_test(test_codec__user_name_wrong_type),
		cmocka_unit_test(test_codec__group_display_name_required),
		cmocka_unit_test(test_codec__active_not_boolean),
		cmocka_unit_test(test_codec__primary_not_boolean),
		cmocka_unit_test(test_codec__emails_string),
		cmocka_unit_test(test_codec__name_string),
		cmocka_unit_test(test_codec__external_id_not_string),
		cmocka_unit_test(test_codec__extension_not_object),
		cmocka_unit_test(test_codec__body_not_object),
		cmocka_unit_test(test_codec__datetime_valid),
		cmocka_unit_test(test_codec__datetime_malformed),
		cmocka_unit_test(test_codec__datetime_out_of_range),
		cmocka_unit_test(test_codec__value_multi_always_array),
		cmocka_unit_test(test_codec__value_sub_attribute),
		cmocka_unit_test(test_codec__bool_accepts),
		cmocka_unit_test(test_codec__bool_rejects),
		cmocka_unit_test(test_codec__get_case_insensitive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
