/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_codec.c
 *
 * Unit tests of the resource codec (scim/model/codec.h): the stored form that
 * real IdP bodies (IDP-NOTES.md) normalise to, what it drops, and the 400s
 * for bodies that cannot be stored. The deviations it tolerates are
 * test_codec_lenient.c, its per-value checks test_codec_value.c. Not for
 * PATCH (scim/patch/tests covers that).
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

/* --- Real IdP bodies ---------------------------------------------------- */

static void
test_codec__entra_create_current(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_group,
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
	h_expect_stored(&schema_rtype_group,
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
	h_expect_stored(&schema_rtype_user,
	    "{\"SCHEMAS\":[\"x\"],\"ID\":\"abc\",\"Meta\":{\"version\":\"W/\\\"9\\\"\"},"
	    "\"Password\":\"secret\",\"groups\":[{\"value\":\"g1\",\"display\":\"G\"}],"
	    "\"userName\":\"u\"}",
	    "{\"userName\":\"u\"}");
}

static void
test_codec__nulls_and_empties_dropped(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"nickName\":null,\"externalId\":null,"
	    "\"name\":{\"givenName\":null},\"emails\":[null],"
	    "\"phoneNumbers\":[],\"addresses\":[{}],"
	    "\"" URN_ENT "\":{\"department\":null}}",
	    "{\"userName\":\"u\"}");
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"givenName\":null,\"familyName\":\"F\"},"
	    "\"emails\":[null,{\"value\":\"a@x\",\"type\":null}]}",
	    "{\"userName\":\"u\",\"name\":{\"familyName\":\"F\"},"
	    "\"emails\":[{\"value\":\"a@x\"}]}");
}

static void
test_codec__unknown_attributes_ignored(void **state)
{
	(void)state;
	h_expect_stored(&schema_rtype_user,
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
	h_expect_stored(&schema_rtype_user,
	    "{\"userName\":\"  MiXeD@Example.COM \",\"displayName\":\"\","
	    "\"emails\":[{\"value\":\"MiXeD@Example.COM\"}]}",
	    "{\"userName\":\"  MiXeD@Example.COM \",\"displayName\":\"\","
	    "\"emails\":[{\"value\":\"MiXeD@Example.COM\"}]}");
}

/* --- Errors -------------------------------------------------------------- */

static void
test_codec__missing_user_name(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"displayName\":\"D\"}",
	    400, ST_INVALID_VALUE, "userName");
	h_expect_fail(&schema_rtype_user, "{\"userName\":null}",
	    400, ST_INVALID_VALUE, "userName");
	h_expect_fail(&schema_rtype_user, "{}", 400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__empty_user_name(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"\"}",
	    400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__user_name_wrong_type(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":42}",
	    400, ST_INVALID_VALUE, "userName");
	h_expect_fail(&schema_rtype_user, "{\"userName\":[\"u\"]}",
	    400, ST_INVALID_VALUE, "userName");
	h_expect_fail(&schema_rtype_user, "{\"userName\":true}",
	    400, ST_INVALID_VALUE, "userName");
}

static void
test_codec__group_display_name_required(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_group, "{\"members\":[]}",
	    400, ST_INVALID_VALUE, "displayName");
	h_expect_fail(&schema_rtype_group, "{\"displayName\":\"\"}",
	    400, ST_INVALID_VALUE, "displayName");
}

static void
test_codec__active_not_boolean(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"active\":\"maybe\"}",
	    400, ST_INVALID_VALUE, "active");
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"active\":1}",
	    400, ST_INVALID_VALUE, "active");
}

static void
test_codec__primary_not_boolean(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"emails\":[{\"value\":\"a\",\"primary\":\"yes\"}]}",
	    400, ST_INVALID_VALUE, "emails.primary");
}

static void
test_codec__emails_string(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"emails\":\"x\"}",
	    400, ST_INVALID_VALUE, "emails");
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"emails\":[\"x\"]}",
	    400, ST_INVALID_VALUE, "emails");
}

static void
test_codec__name_string(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"name\":\"x\"}",
	    400, ST_INVALID_VALUE, "name");
	h_expect_fail(&schema_rtype_user,
	    "{\"userName\":\"u\",\"name\":{\"givenName\":5}}",
	    400, ST_INVALID_VALUE, "name.givenName");
}

static void
test_codec__external_id_not_string(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user, "{\"userName\":\"u\",\"externalId\":7}",
	    400, ST_INVALID_VALUE, "externalId");
}

static void
test_codec__extension_not_object(void **state)
{
	(void)state;
	h_expect_fail(&schema_rtype_user,
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
		h_expect_fail(&schema_rtype_user, bodies[i], 400,
		    ST_INVALID_SYNTAX, NULL);
	h_expect_fail(&schema_rtype_group, "[]", 400, ST_INVALID_SYNTAX, NULL);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
