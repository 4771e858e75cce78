/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_codec_value.c
 *
 * The codec's checks of one value (scim/model/codec.h): scim_codec_value
 * on dateTimes, multi-valued and unassigned attributes and
 * sub-attributes; scim_codec_bool; scim_codec_get's case-insensitive
 * lookup.
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

/* --- scim_codec_value: the dateTime check ---------------------------------- */

/* meta.created is the one dateTime the catalog has. */
static int
datetime_value(const char *json, struct err *e)
{
	const struct schema_attr	*meta = schema_attr_find(&schema_common, "meta");
	const struct schema_attr	*created;
	cJSON				*in = h_json(json), *out = NULL;
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

/* Each of the n JSON texts in bad is refused: 400 invalidValue naming it. */
static void
expect_not_datetime(const char *const *bad, size_t n)
{
	struct err	e;
	size_t		i;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (datetime_value(bad[i], &e) != -1)
			fail_msg("%s accepted as a dateTime", bad[i]);
		assert_int_equal(e.status, 400);
		assert_int_equal(e.type, ST_INVALID_VALUE);
		assert_non_null(strstr(e.detail, "meta.created"));
	}
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

	(void)state;
	expect_not_datetime(bad, sizeof(bad) / sizeof(bad[0]));
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

	(void)state;
	expect_not_datetime(bad, sizeof(bad) / sizeof(bad[0]));
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
	in = h_json("{\"value\":\"a@x\",\"primary\":\"True\"}");
	assert_int_equal(scim_codec_value(&out, emails, NULL, in, "emails", &e), 0);
	h_assert_json_eq(out, "[{\"value\":\"a@x\",\"primary\":true}]");
	cJSON_Delete(out);
	cJSON_Delete(in);

	in = h_json("[]");
	out = (cJSON *)1;
	assert_int_equal(scim_codec_value(&out, emails, NULL, in, "emails", &e), 0);
	assert_null(out);
	cJSON_Delete(in);

	in = h_json("null");
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
	in = h_json("\"False\"");
	assert_int_equal(scim_codec_value(&out, emails, primary, in,
	    "emails.primary", &e), 0);
	assert_true(cJSON_IsFalse(out));
	cJSON_Delete(out);
	cJSON_Delete(in);

	in = h_json("\"nope\"");
	assert_int_equal(scim_codec_value(&out, emails, primary, in,
	    "emails.primary", &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "emails.primary"));
	cJSON_Delete(in);
}

/* {"userName":"x","emails":[n values]} for rt user, or members for group. */
static cJSON *
many_values(const char *attr, int n)
{
	cJSON	*body = cJSON_CreateObject(), *arr, *v;
	char	 buf[48];
	int	 i;

	cJSON_AddStringToObject(body, "userName", "x");
	cJSON_AddStringToObject(body, "displayName", "g");
	arr = cJSON_AddArrayToObject(body, attr);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%08d-7f76-453a-919d-413861904646", i);
		v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "value", buf);
		cJSON_AddItemToArray(arr, v);
	}
	return body;
}

/* SCIM_MAX_VALUES values are legal, one more is refused; members are not bounded. */
static void
test_codec__value_count_bounded(void **state)
{
	cJSON		*in, *out = NULL;
	struct err	 e = { 0 };

	(void)state;
	in = many_values("emails", SCIM_MAX_VALUES);
	assert_int_equal(scim_codec_normalize(&out, &schema_rtype_user, in, &e), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(out, "emails")),
	    SCIM_MAX_VALUES);
	cJSON_Delete(out);
	cJSON_Delete(in);

	in = many_values("emails", SCIM_MAX_VALUES + 1);
	out = NULL;
	assert_int_equal(scim_codec_normalize(&out, &schema_rtype_user, in, &e), -1);
	assert_null(out);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail,
	    "too many values of \"emails\": 10001 (at most 10000)"));
	cJSON_Delete(in);

	in = many_values("members", SCIM_MAX_VALUES + 1);
	assert_int_equal(scim_codec_normalize(&out, &schema_rtype_group, in, &e), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(out, "members")),
	    SCIM_MAX_VALUES + 1);
	cJSON_Delete(out);
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
		v = h_json(ok[i].json);
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
		v = h_json(bad[i]);
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
	cJSON	*o = h_json("{\"userName\":\"u\",\"Active\":true}"), *arr;

	(void)state;
	assert_ptr_equal(scim_codec_get(o, "USERNAME"),
	    cJSON_GetObjectItemCaseSensitive(o, "userName"));
	assert_ptr_equal(scim_codec_get(o, "active"),
	    cJSON_GetObjectItemCaseSensitive(o, "Active"));
	assert_null(scim_codec_get(o, "user"));
	arr = h_json("[{\"userName\":\"u\"}]");
	assert_null(scim_codec_get(arr, "userName"));
	assert_null(scim_codec_get(NULL, "userName"));
	cJSON_Delete(arr);
	cJSON_Delete(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec__datetime_valid),
		cmocka_unit_test(test_codec__datetime_malformed),
		cmocka_unit_test(test_codec__datetime_out_of_range),
		cmocka_unit_test(test_codec__value_multi_always_array),
		cmocka_unit_test(test_codec__value_sub_attribute),
		cmocka_unit_test(test_codec__value_count_bounded),
		cmocka_unit_test(test_codec__bool_accepts),
		cmocka_unit_test(test_codec__bool_rejects),
		cmocka_unit_test(test_codec__get_case_insensitive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
