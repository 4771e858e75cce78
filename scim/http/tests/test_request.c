/* SPDX-License-Identifier: MIT */
/*
 * scim/http/tests/test_request.c
 *
 * Unit tests of the request-line helpers of scim/http/request.c: percent
 * decoding refuses a NUL (400 invalidValue) in the path and in every
 * query name and value, and scim_query_param reads what the server reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scim/http/request.h"

static int
decode(const char **out, struct arena *a, const char *raw, int plus,
    struct err *e)
{
	memset(e, 0, sizeof(*e));
	return scim_uri_decode(out, a, raw, strlen(raw), plus, "the path", e);
}

static void
test_request__decode(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e;
	const char	*v;

	(void)state;
	assert_int_equal(decode(&v, &a, "/Users/a%20b+c", 0, &e), 0);
	assert_string_equal(v, "/Users/a b+c");
	assert_int_equal(decode(&v, &a, "a+b%2B", 1, &e), 0);
	assert_string_equal(v, "a b+");
	assert_int_equal(decode(&v, &a, "/Users/abc%00def", 0, &e), -1);
	assert_null(v);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "the path holds a NUL"));
	arena_free(&a);
}

static void
assert_query(const char *query, int status, const char *detail)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	assert_int_equal(scim_query_check(&a, query, &e), status ? -1 : 0);
	assert_int_equal(e.status, status);
	if (detail != NULL && strstr(e.detail, detail) == NULL)
		fail_msg("%s: detail \"%s\" lacks \"%s\"", query, e.detail, detail);
	if (status)
		assert_int_equal(e.type, ST_INVALID_VALUE);
	arena_free(&a);
}

static void
test_request__query_check(void **state)
{
	(void)state;
	assert_query(NULL, 0, NULL);
	assert_query("", 0, NULL);
	assert_query("filter=userName%20eq%20%22a%22&cursor&&count=", 0, NULL);
	assert_query("filter=userName%20eq%20%22a%00b%22", 400,
	    "query parameter \"filter\" holds a NUL");
	assert_query("count=1&sortBy=a%00", 400, "\"sortBy\"");
	assert_query("x%00y=1", 400, "a query parameter's name");
	assert_query("cursor%00", 400, "a query parameter's name");
}

static void
test_request__query_param(void **state)
{
	struct scim_req	req;

	(void)state;
	memset(&req, 0, sizeof(req));
	req.query = "Filter=a+b%3D&cursor&count=5&count=6&x=%00";
	assert_string_equal(scim_query_param(&req, "filter"), "a b=");
	assert_string_equal(scim_query_param(&req, "cursor"), "");
	assert_string_equal(scim_query_param(&req, "count"), "5");
	assert_null(scim_query_param(&req, "x"));
	assert_null(scim_query_param(&req, "sortBy"));
	req.query = NULL;
	assert_null(scim_query_param(&req, "filter"));
	arena_free(&req.arena);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_request__decode),
		cmocka_unit_test(test_request__query_check),
		cmocka_unit_test(test_request__query_param),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
