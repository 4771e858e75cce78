/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_codec_lenient.c
 *
 * The deviations from RFC 7643 that the resource codec (scim/model/codec.h)
 * tolerates because IdPs send them (IDP-NOTES.md): attribute names in any
 * case, string booleans, a single object for a multi-valued attribute,
 * manager in its odd shapes, URN-qualified and dotted keys; and where
 * tolerance stops.
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

#include "model_harness.h"

#define URN_ENT		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

static void
test_codec__attribute_name_case_normalised(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"USERNAME\":\"u\",\"DisplayName\":\"D\",\"externalid\":\"e\","
	    "\"NAME\":{\"GIVENNAME\":\"G\"},"
	    "\"Emails\":[{\"VALUE\":\"a@x\",\"Primary\":true}],"
	    "\"urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user\":"
	    "{\"EMPLOYEENUMBER\":\"7\"}}",
	    "{\"userName\":\"u\",\"displayName\":\"D\",\"externalId\":\"e\","
	    "\"name\":{\"givenName\":\"G\"},"
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":true}],"
	    "\"" URN_ENT "\":{\"employeeNumber\":\"7\"}}");
	h_expect_stored(&schema_rtype_group, "{\"DISPLAYNAME\":\"g\"}",
	    "{\"displayName\":\"g\"}");
}

static void
test_codec__string_booleans(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"active\":\"False\","
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":\"True\"},"
	    "{\"value\":\"b@x\",\"primary\":\"false\"}]}",
	    "{\"userName\":\"u\",\"active\":false,"
	    "\"emails\":[{\"value\":\"a@x\",\"primary\":true},"
	    "{\"value\":\"b@x\",\"primary\":false}]}");
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"active\":\"TRUE\"}",
	    "{\"userName\":\"u\",\"active\":true}");
}

static void
test_codec__single_object_wrapped_in_array(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"emails\":{\"value\":\"a@x\",\"type\":\"work\"},"
	    "\"phoneNumbers\":{\"value\":\"+1 555\"}}",
	    "{\"userName\":\"u\",\"emails\":[{\"value\":\"a@x\",\"type\":\"work\"}],"
	    "\"phoneNumbers\":[{\"value\":\"+1 555\"}]}");
}

static void
test_codec__manager_array_of_one_unwrapped(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"$ref\":null,\"value\":\"00aa\"}]}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"00aa\"}}}");
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"$ref\":\"http://h/Users/00aa\",\"value\":\"00aa\"}]}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "{\"$ref\":\"http://h/Users/00aa\",\"value\":\"00aa\"}}}");
	/* An empty array means unassigned. */
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":[]}}",
	    "{\"userName\":\"u\"}");
}

static void
test_codec__manager_array_of_two_rejected(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "[{\"value\":\"a\"},{\"value\":\"b\"}]}}",
	    400, ST_INVALID_VALUE, "manager");
}

static void
test_codec__manager_bare_string(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":\"00aa\"}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"00aa\"}}}");
}

static void
test_codec__manager_display_name_read_only(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":"
	    "{\"value\":\"m\",\"displayName\":\"Boss\"}}}",
	    "{\"userName\":\"u\",\"" URN_ENT "\":{\"manager\":{\"value\":\"m\"}}}");
}

static void
test_codec__members_bare_strings_and_null_ref(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_group,
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
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_user,
	    "{\"urn:ietf:params:scim:schemas:core:2.0:User\":"
	    "{\"userName\":\"u\",\"nickName\":\"n\"}}",
	    "{\"userName\":\"u\",\"nickName\":\"n\"}");
}

static void
test_codec__dotted_keys(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name.givenName\":\"Kkom\","
	    "\"name.familyName\":\"Unua\","
	    "\"" URN_ENT ":manager.value\":\"m1\"}",
	    "{\"userName\":\"u\",\"name\":{\"givenName\":\"Kkom\","
	    "\"familyName\":\"Unua\"},"
	    "\"" URN_ENT "\":{\"manager\":{\"value\":\"m1\"}}}");
	/* Merged into an existing object, never stored as a literal key. */
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\"},"
	    "\"NAME.GIVENNAME\":\"G\"}",
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\",\"givenName\":\"G\"}}");
}

static void
test_codec__dotted_key_type_checked(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name.givenName\":7}",
	    400, ST_INVALID_VALUE, "name");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
