/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/tests/test_patch_values.c
 *
 * Many values of one multi-valued attribute: the bound on their number
 * (SCIM_PATCH_MAX_VALUES), the time an add of the largest legal list
 * takes, and that the hash index merges a repeated value into the same
 * element a scan from the start would pick.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/patch/patch.h"
#include "scim/patch/patch_int.h"

#define DEFAULT_ID	"2819c223-7f76-453a-919d-413861904646"

static const char *bjensen =
    "{\"userName\":\"bjensen\",\"emails\":[{\"value\":\"b@example.com\","
    "\"type\":\"work\",\"primary\":true}]}";

/* {"Operations":[{"op":"add","path":"emails","value":[n emails]}]} */
static cJSON *
add_emails(int n, const char *prefix, const char *domain)
{
	cJSON	*body = cJSON_CreateObject(), *ops, *op, *v, *ev;
	char	 buf[64];
	int	 i;

	ops = cJSON_AddArrayToObject(body, "Operations");
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "add");
	cJSON_AddStringToObject(op, "path", "emails");
	v = cJSON_AddArrayToObject(op, "value");
	for (i = 0; i < n; i++) {
		ev = cJSON_CreateObject();
		snprintf(buf, sizeof(buf), "%s%d@%s", prefix, i, domain);
		cJSON_AddStringToObject(ev, "value", buf);
		cJSON_AddItemToArray(v, ev);
	}
	cJSON_AddItemToArray(ops, op);
	return body;
}

static double
seconds_since(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static int
apply(cJSON **res, cJSON *body, struct err *e)
{
	struct arena	a = { 0 };
	int		rc;

	rc = scim_patch_apply(res, NULL, &schema_rtype_user, DEFAULT_ID, body,
	    &a, e);
	arena_free(&a);
	cJSON_Delete(body);
	return rc;
}

/* The largest legal add, one value repeated in another case: fast. */
static void
test_values__max_accepted_fast(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen), *body, *emails;
	struct err	 e = { 0 };
	clock_t		 t0;

	(void)state;
	body = add_emails(SCIM_PATCH_MAX_VALUES - 1, "u", "example.com");
	cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(body, "Operations"), 0), "value"),
	    cJSON_Parse("{\"value\":\"B@EXAMPLE.COM\"}"));
	t0 = clock();
	assert_int_equal(apply(&res, body, &e), 0);
	assert_true(seconds_since(t0) < 1.0);
	emails = cJSON_GetObjectItem(res, "emails");
	assert_int_equal(cJSON_GetArraySize(emails), SCIM_PATCH_MAX_VALUES);
	/* The repeated value kept its stored spelling and its flags. */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(emails, 0),
	    "value")->valuestring, "b@example.com");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(emails,
	    0), "primary")));
	cJSON_Delete(res);
}

/* 32,000 values: refused before any merging, in well under a second. */
static void
test_values__too_many_refused_fast(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen);
	struct err	 e = { 0 };
	clock_t		 t0;

	(void)state;
	t0 = clock();
	assert_int_equal(apply(&res, add_emails(32000, "u", "example.com"), &e),
	    -1);
	assert_true(seconds_since(t0) < 1.0);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "too many values of \"emails\""));
	/* Nothing changed. */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "emails")),
	    1);
	cJSON_Delete(res);
}

/* The bound is on the result too: 10,000 stored plus one more is refused. */
static void
test_values__result_bounded(void **state)
{
	cJSON		*res = cJSON_Parse("{\"userName\":\"x\"}");
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply(&res, add_emails(SCIM_PATCH_MAX_VALUES,
	    "a", "example.com"), &e), 0);
	assert_int_equal(apply(&res, add_emails(1, "b", "example.com"), &e), -1);
	assert_non_null(strstr(e.detail, "at most 10000"));
	/* Repeating stored values adds nothing, so it stays legal. */
	assert_int_equal(apply(&res, add_emails(SCIM_PATCH_MAX_VALUES,
	    "A", "EXAMPLE.COM"), &e), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res, "emails")),
	    SCIM_PATCH_MAX_VALUES);
	cJSON_Delete(res);
}

/*
 * A value without a type is the same value as each typed element with
 * that value: it merges into the first in array order, whatever order
 * the index holds them in.
 */
static void
test_values__merge_into_first(void **state)
{
	cJSON		*res, *emails;
	struct err	 e = { 0 };
	int		 i;

	(void)state;
	res = cJSON_Parse("{\"userName\":\"x\",\"emails\":["
	    "{\"value\":\"a@x\",\"type\":\"t0\"},{\"value\":\"A@X\",\"type\":\"t1\"},"
	    "{\"value\":\"a@X\",\"type\":\"t2\"},{\"value\":\"c@x\"}]}");
	assert_int_equal(apply(&res, cJSON_Parse("{\"Operations\":[{\"op\":"
	    "\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@x\","
	    "\"display\":\"d\"},{\"value\":\"a@x\",\"type\":\"t2\","
	    "\"display\":\"e\"},{\"value\":\"C@X\",\"type\":\"home\"}]}]}"), &e),
	    0);
	emails = cJSON_GetObjectItem(res, "emails");
	assert_int_equal(cJSON_GetArraySize(emails), 4);
	for (i = 0; i < 4; i++) {
		cJSON	*d = cJSON_GetObjectItem(cJSON_GetArrayItem(emails, i),
			    "display");

		assert_true(i != 0 || strcmp(d->valuestring, "d") == 0);
		assert_true(i != 1 || d == NULL);
		assert_true(i != 2 || strcmp(d->valuestring, "e") == 0);
	}
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(emails, 3),
	    "type")->valuestring, "home");
	cJSON_Delete(res);
}

/* Values without a `value` sub-attribute are compared whole. */
static void
test_values__addresses_whole(void **state)
{
	cJSON		*res = cJSON_Parse("{\"userName\":\"x\",\"addresses\":["
			    "{\"locality\":\"Paris\",\"country\":\"FR\"}]}");
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply(&res, cJSON_Parse("{\"Operations\":[{\"op\":"
	    "\"add\",\"path\":\"addresses\",\"value\":[{\"country\":\"FR\","
	    "\"locality\":\"Paris\"},{\"locality\":\"paris\",\"country\":"
	    "\"FR\"}]}]}"), &e), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res,
	    "addresses")), 2);
	cJSON_Delete(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values__max_accepted_fast),
		cmocka_unit_test(test_values__too_many_refused_fast),
		cmocka_unit_test(test_values__result_bounded),
		cmocka_unit_test(test_values__merge_into_first),
		cmocka_unit_test(test_values__addresses_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
