/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/tests/test_list.c
 *
 * Unit tests of the list parameters (scim/resources/list.h, RFC 7644
 * §3.4.2 and RFC 9865 cursors): startIndex and count clamping, invalid
 * numbers, sortBy and sortOrder, filter, cursor, attributes and
 * excludedAttributes. Pure: no database, no query runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/query.h"
#include "scim/model/discovery.h"
#include "scim/resources/list.h"

#define URN_USER	"urn:ietf:params:scim:schemas:core:2.0:User"

static const struct schema_rtype *const USER = &schema_rtype_user;

struct fixture {
	struct arena		a;
	struct scim_list_in	in;
	struct scim_list	l;
	struct err		e;
};

static int
setup(void **state)
{
	static struct fixture	f;

	memset(&f, 0, sizeof(f));
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	arena_free(&f->a);
	return 0;
}

static int
parse(struct fixture *f, const struct schema_rtype *rt)
{
	memset(&f->e, 0, sizeof(f->e));
	return scim_list_parse(&f->l, &f->a, &f->in, rt, "Users", &f->e);
}

static void
assert_refused(struct fixture *f, enum scim_type type, const char *detail)
{
	assert_int_equal(parse(f, USER), -1);
	assert_int_equal(f->e.status, 400);
	assert_int_equal(f->e.type, type);
	if (strstr(f->e.detail, detail) == NULL)
		fail_msg("detail \"%s\" lacks \"%s\"", f->e.detail, detail);
}

static void
test_list__defaults(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.start_index, 1);
	assert_int_equal(f->l.count, SCIM_MAX_RESULTS);
	assert_null(f->l.filter);
	assert_null(f->l.sort_by);
	assert_int_equal(f->l.descending, 0);
	assert_null(f->l.cursor);
	assert_int_equal(f->l.projection.npaths, 0);
	/* Empty values read as absent. */
	f->in.start_index = "";
	f->in.count = "";
	f->in.sort_order = "";
	f->in.filter = "";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.start_index, 1);
	assert_int_equal(f->l.count, SCIM_MAX_RESULTS);
	assert_null(f->l.filter);
}

static void
test_list__start_index_clamps_to_one(void **state)
{
	static const struct { const char *in; long long out; } t[] = {
		{ "7", 7 }, { "1", 1 }, { "0", 1 }, { "-5", 1 },
		{ "-99999999999999999999", 1 },
		/* Beyond long long: far past any result, not an error. */
		{ "99999999999999999999", 1LL << 40 },
	};
	struct fixture	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f->in.start_index = t[i].in;
		assert_int_equal(parse(f, USER), 0);
		if (f->l.start_index != t[i].out)
			fail_msg("startIndex=%s read as %lld", t[i].in,
			    f->l.start_index);
	}
}

static void
test_list__count_clamps_to_zero_and_maximum(void **state)
{
	static const struct { const char *in; long long out; } t[] = {
		{ "5", 5 }, { "0", 0 }, { "-1", 0 }, { "200", 200 },
		{ "201", SCIM_MAX_RESULTS }, { "1000000", SCIM_MAX_RESULTS },
		{ "99999999999999999999", SCIM_MAX_RESULTS },
	};
	struct fixture	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f->in.count = t[i].in;
		assert_int_equal(parse(f, USER), 0);
		if (f->l.count != t[i].out)
			fail_msg("count=%s read as %lld", t[i].in, f->l.count);
	}
}

static void
test_list__non_integers_are_invalid_value(void **state)
{
	static const char *const bad[] = { "abc", "5x", "1.5", " 3x", "0x" };
	struct fixture	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f->in.count = NULL;
		f->in.start_index = bad[i];
		assert_refused(f, ST_INVALID_VALUE,
		    "parameter \"startIndex\" must be an integer");
		f->in.start_index = NULL;
		f->in.count = bad[i];
		assert_refused(f, ST_INVALID_VALUE,
		    "parameter \"count\" must be an integer");
	}
}

static void
test_list__sort_by_resolves_against_the_type(void **state)
{
	struct fixture	*f = *state;

	f->in.sort_by = "userName";
	assert_int_equal(parse(f, USER), 0);
	assert_non_null(f->l.sort_by);
	assert_null(f->l.sort_by->urn);
	assert_string_equal(f->l.sort_by->attr, "userName");
	assert_null(f->l.sort_by->sub);

	f->in.sort_by = "name.familyName";
	assert_int_equal(parse(f, USER), 0);
	assert_string_equal(f->l.sort_by->attr, "name");
	assert_string_equal(f->l.sort_by->sub, "familyName");

	f->in.sort_by = URN_USER ":userName";
	assert_int_equal(parse(f, USER), 0);
	assert_string_equal(f->l.sort_by->urn, URN_USER);
	assert_string_equal(f->l.sort_by->attr, "userName");

	f->in.sort_by = "nope";
	assert_refused(f, ST_INVALID_VALUE, "unrecognized sortBy attribute "
	    "\"nope\"");
	/* Groups have no userName. */
	f->in.sort_by = "userName";
	assert_int_equal(scim_list_parse(&f->l, &f->a, &f->in,
	    &schema_rtype_group, "Groups", &f->e), -1);
	/* Without a type (the root .search) the caller resolves it. */
	f->in.sort_by = "nope";
	assert_int_equal(parse(f, NULL), 0);
	assert_null(f->l.sort_by);
}

static void
test_list__sort_order(void **state)
{
	struct fixture	*f = *state;

	f->in.sort_order = "descending";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.descending, 1);
	f->in.sort_order = "DESCENDING";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.descending, 1);
	f->in.sort_order = "Ascending";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.descending, 0);
	f->in.sort_order = "down";
	assert_refused(f, ST_INVALID_VALUE, "sortOrder must be");
}

static void
test_list__filter(void **state)
{
	struct fixture	*f = *state;

	f->in.filter = "userName eq \"a@example.com\"";
	assert_int_equal(parse(f, USER), 0);
	assert_non_null(f->l.filter);
	assert_int_equal(f->l.filter->op, Q_EQ);
	assert_string_equal(f->l.filter->path.attr, "userName");
	assert_string_equal(f->l.filter->value.str, "a@example.com");

	f->in.filter = "userName eqq \"a\"";
	assert_refused(f, ST_INVALID_FILTER, "");
	/* An attribute the type lacks is refused for that type only. */
	f->in.filter = "displayName sw \"a\" and nope pr";
	assert_refused(f, ST_INVALID_FILTER, "nope");
	assert_int_equal(parse(f, NULL), 0);
	assert_int_equal(f->l.filter->op, Q_AND);
}

static void
test_list__cursor(void **state)
{
	struct fixture	*f = *state;

	/* A bare `cursor` asks for the first page (RFC 9865 §2). */
	f->in.cursor = "";
	assert_int_equal(parse(f, USER), 0);
	assert_non_null(f->l.cursor);
	assert_string_equal(f->l.cursor->in, "");
	assert_string_equal(f->l.cursor->bind, "Users");

	f->in.cursor = "AZaz09-._~";
	assert_int_equal(parse(f, USER), 0);
	assert_string_equal(f->l.cursor->in, "AZaz09-._~");

	f->in.cursor = "a/b";
	assert_refused(f, ST_INVALID_CURSOR, "cursor is invalid");
	f->in.cursor = "a b";
	assert_refused(f, ST_INVALID_CURSOR, "cursor is invalid");

	f->in.cursor = "";
	f->in.start_index = "2";
	assert_refused(f, ST_INVALID_VALUE, "cannot be combined");
	/* Without a cursor parameter paging is by index. */
	f->in.cursor = NULL;
	assert_int_equal(parse(f, USER), 0);
	assert_null(f->l.cursor);
}

static void
test_list__attributes_and_excluded(void **state)
{
	struct fixture	*f = *state;

	f->in.attributes = "userName, emails";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.projection.include, 1);
	assert_int_equal(f->l.projection.npaths, 2);

	f->in.attributes = NULL;
	f->in.excluded = "emails,nope";
	assert_int_equal(parse(f, USER), 0);
	assert_int_equal(f->l.projection.include, 0);
	/* An unknown name is ignored, as RFC 7644 §3.4.2.5 allows. */
	assert_int_equal(f->l.projection.npaths, 1);
	assert_true(scim_projection_excludes(&f->l.projection, "emails"));

	f->in.attributes = "userName";
	assert_refused(f, ST_INVALID_VALUE, "cannot be used together");
}

/* The query string path: names compare case-insensitively, a bare key. */
static void
test_list__params_from_the_query_string(void **state)
{
	struct fixture		*f = *state;
	struct scim_req		 q;

	memset(&q, 0, sizeof(q));
	q.query = "STARTINDEX=3&count=2&sortOrder=descending&sortBy=userName"
	    "&filter=userName%20pr&attributes=emails";
	assert_int_equal(scim_list_params(&f->l, &q, USER, "Users", &f->e), 0);
	assert_int_equal(f->l.start_index, 3);
	assert_int_equal(f->l.count, 2);
	assert_int_equal(f->l.descending, 1);
	assert_string_equal(f->l.sort_by->attr, "userName");
	assert_int_equal(f->l.filter->op, Q_PR);
	assert_int_equal(f->l.projection.include, 1);
	assert_null(f->l.cursor);
	arena_free(&q.arena);

	memset(&q, 0, sizeof(q));
	q.query = "count=1&cursor";
	assert_int_equal(scim_list_params(&f->l, &q, USER, "Users", &f->e), 0);
	assert_non_null(f->l.cursor);
	assert_string_equal(f->l.cursor->in, "");
	arena_free(&q.arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list__defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__start_index_clamps_to_one, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__count_clamps_to_zero_and_maximum, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__non_integers_are_invalid_value, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__sort_by_resolves_against_the_type, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list__sort_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list__filter, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list__cursor, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__attributes_and_excluded, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_list__params_from_the_query_string, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
