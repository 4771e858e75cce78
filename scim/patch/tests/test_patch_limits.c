/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/tests/test_patch_limits.c
 *
 * What the PATCH engine's data cases (test_patch.c) cannot express: the
 * operation limit and a path too long, a push of 20,000 members, the
 * failing operation named in the detail, and a Group patched without a
 * members delta. Bodies are built in C: a thousand operations or ten
 * thousand members do not belong in a data file.
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

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/patch/patch.h"

#define DEFAULT_ID	"2819c223-7f76-453a-919d-413861904646"

static const char *bjensen =
    "{\"userName\":\"bjensen\",\"name\":{\"givenName\":\"Barbara\"},"
    "\"emails\":[{\"value\":\"b@example.com\",\"type\":\"work\","
    "\"primary\":true}],\"active\":true}";

static int
apply_text(cJSON **res, struct scim_patch_members *m,
    const struct schema_rtype *rt, const char *body, struct arena *a,
    struct err *e)
{
	cJSON	*b = cJSON_Parse(body);
	int	 rc;

	assert_non_null(b);
	rc = scim_patch_apply(res, m, rt, DEFAULT_ID, b, a, e);
	cJSON_Delete(b);
	return rc;
}

static cJSON *
ops_body(int n)
{
	cJSON	*body = cJSON_CreateObject(), *ops, *op;
	int	 i;

	ops = cJSON_AddArrayToObject(body, "Operations");
	for (i = 0; i < n; i++) {
		op = cJSON_CreateObject();
		cJSON_AddStringToObject(op, "op", "replace");
		cJSON_AddStringToObject(op, "path", "nickName");
		cJSON_AddStringToObject(op, "value", "n");
		cJSON_AddItemToArray(ops, op);
	}
	return body;
}

static void
test_patch__max_ops_accepted(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen), *body = ops_body(SCIM_PATCH_MAX_OPS);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), 0);
	assert_string_equal(cJSON_GetObjectItem(res, "nickName")->valuestring, "n");
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

static void
test_patch__too_many_ops(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen);
	cJSON		*body = ops_body(SCIM_PATCH_MAX_OPS + 1);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "too many operations"));
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

static void
test_patch__path_too_long(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen), *body = ops_body(1);
	cJSON		*op = cJSON_GetArrayItem(cJSON_GetObjectItem(body,
			    "Operations"), 0);
	char		*path = xmalloc(5000);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	memset(path, 'a', 4999);
	path[4999] = '\0';
	cJSON_ReplaceItemInObject(op, "path", cJSON_CreateString(path));
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), -1);
	assert_int_equal(e.type, ST_INVALID_PATH);
	free(path);
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

/*
 * A full Okta push of 20,000 members, each listed twice, then half of
 * them removed in the same request: the delta is netted and deduplicated
 * (this would take minutes with a quadratic set).
 */
static void
test_patch__large_member_push(void **state)
{
	struct scim_patch_members	 m;
	cJSON				*res = cJSON_Parse("{\"displayName\":\"g\"}");
	cJSON				*body = cJSON_CreateObject(), *ops, *op, *v;
	struct arena			 a = { 0 };
	struct err			 e = { 0 };
	char				 id[32];
	int				 i, k;

	(void)state;
	ops = cJSON_AddArrayToObject(body, "Operations");
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "members");
	v = cJSON_AddArrayToObject(op, "value");
	for (k = 0; k < 2; k++)
		for (i = 0; i < 20000; i++) {
			cJSON	*mv = cJSON_CreateObject();

			snprintf(id, sizeof(id), "u%d", i);
			cJSON_AddStringToObject(mv, "value", id);
			cJSON_AddItemToArray(v, mv);
		}
	cJSON_AddItemToArray(ops, op);
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "remove");
	cJSON_AddStringToObject(op, "path", "members");
	v = cJSON_AddArrayToObject(op, "value");
	for (i = 0; i < 20000; i += 2) {
		cJSON	*mv = cJSON_CreateObject();

		snprintf(id, sizeof(id), "u%d", i);
		cJSON_AddStringToObject(mv, "value", id);
		cJSON_AddItemToArray(v, mv);
	}
	cJSON_AddItemToArray(ops, op);
	assert_int_equal(scim_patch_apply(&res, &m, &schema_rtype_group,
	    DEFAULT_ID, body, &a, &e), 0);
	assert_true(m.clear);
	assert_int_equal(m.nadd, 10000);
	assert_int_equal(m.nremove, 0);
	assert_string_equal(m.add[0], "u1");
	assert_string_equal(m.add[9999], "u19999");
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

/* The error detail names the failing operation by index. */
static void
test_patch__detail_names_operation(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply_text(&res, NULL, &schema_rtype_user,
	    "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"},"
	    "{\"op\":\"add\",\"path\":\"bogus\",\"value\":\"x\"}]}", &a, &e), -1);
	assert_int_equal(e.type, ST_INVALID_PATH);
	assert_non_null(strstr(e.detail, "Operations[1]: "));
	assert_non_null(strstr(e.detail, "bogus"));
	cJSON_Delete(res);
	arena_free(&a);
}

/* Without a members out-parameter, member changes cannot be dropped silently. */
static void
test_patch__group_without_delta_refused(void **state)
{
	cJSON		*res = cJSON_Parse("{\"displayName\":\"g\"}");
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply_text(&res, NULL, &schema_rtype_group,
	    "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
	    "\"value\":[{\"value\":\"u1\"}]}]}", &a, &e), -1);
	assert_int_equal(e.status, 400);
	cJSON_Delete(res);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patch__max_ops_accepted),
		cmocka_unit_test(test_patch__too_many_ops),
		cmocka_unit_test(test_patch__path_too_long),
		cmocka_unit_test(test_patch__large_member_push),
		cmocka_unit_test(test_patch__detail_names_operation),
		cmocka_unit_test(test_patch__group_without_delta_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
