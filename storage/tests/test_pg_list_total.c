/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_list_total.c
 *
 * totalResults stays exact when index paging skips the count: for every
 * page position (first, middle, last, an exact multiple of count, past
 * the end, count=0), with and without filters, with removed members and
 * with sortBy, db_member_list's total equals count(*) of the same
 * condition, and the statements sent are one when the page proves the
 * total and two when it does not. Needs SCIMD_TEST_DATABASE_URL; links
 * scim_filter for the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/member_row.h"
#include "scim/filter/filter.h"
#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/stats.h"

#include "pg_harness.h"

#define LIVE	7	/* live members of the org; two more are removed */

static const char	*org;

static int
setup(void **state)
{
	(void)state;
	if (h_setup() == -1)
		return -1;
	org = h_org(&h_arena, "totals");
	h_execf("INSERT INTO members (org_id, user_name, display_name, active, "
	    "resource, created_at, deleted_at) SELECT '%s', 't' || i || "
	    "'@c.test', 'Team ' || (i %% 2), i %% 3 <> 0, '{}'::jsonb, "
	    "'2020-01-01'::timestamptz + i * interval '1 minute', CASE WHEN "
	    "i IN (4, 8) THEN now() END FROM generate_series(1, %d) AS i", org,
	    LIVE + 2);
	/* With statistics in place the list path adds no statement of its own. */
	h_execf("ANALYZE members");
	db_stats_ensure(h_conn);
	return 0;
}

/*
 * Lists with filter `text` (NULL: all) from offset for limit rows and
 * checks rows, total and statements sent against what is expected.
 */
static void
check(const char *text, const char *sort, long long offset, long long limit,
    size_t want_rows, long long want_total, long long want_stmts)
{
	struct member_query	 q = { .offset = offset, .limit = limit };
	struct query_path	 by = { .attr = sort };
	struct query_node	*f = NULL;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total = -1, before;

	if (text != NULL && (scim_filter_parse(&f, &h_arena, text, &e) == -1 ||
	    scim_filter_check(f, &schema_rtype_user, &e) == -1))
		fail_msg("%s: %s", text, e.detail);
	q.filter = f;
	q.sort_by = sort != NULL ? &by : NULL;
	before = h_conn->nexec;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &h_arena, org, &q, &e), &e);
	if (n != want_rows || total != want_total ||
	    h_conn->nexec - before != want_stmts)
		fail_msg("filter %s sortBy %s offset %lld count %lld: %zu rows, "
		    "total %lld, %lld statements; want %zu, %lld, %lld",
		    text ? text : "-", sort ? sort : "-", offset, limit, n, total,
		    h_conn->nexec - before, want_rows, want_total, want_stmts);
}

static void
test_list_total__unfiltered_pages(void **state)
{
	(void)state;
	/* The whole org on a first page that is not full: one statement. */
	check(NULL, NULL, 0, 100, LIVE, LIVE, 1);
	/* A full first page leaves the total open: counted. */
	check(NULL, NULL, 0, 3, 3, LIVE, 2);
	check(NULL, NULL, 3, 3, 3, LIVE, 2);
	/* The last page, short: offset + rows. */
	check(NULL, NULL, 6, 3, 1, LIVE, 1);
	/* The last page, exactly full (7 = 4 + 3): nothing follows it. */
	check(NULL, NULL, 4, 3, 3, LIVE, 1);
	/* One row short of the end, page full: the row after it is seen. */
	check(NULL, NULL, 3, 4, 4, LIVE, 1);
	/* Past the end, and just at it: an empty page must count. */
	check(NULL, NULL, LIVE, 3, 0, LIVE, 2);
	check(NULL, NULL, 1000, 3, 0, LIVE, 2);
	/* count=0 counts only. */
	check(NULL, NULL, 0, 0, 0, LIVE, 1);
}

static void
test_list_total__filtered_pages(void **state)
{
	(void)state;
	/* A lookup is one statement, found or not, removed or not. */
	check("userName eq \"T5@c.test\"", NULL, 0, 100, 1, 1, 1);
	check("userName eq \"nobody@c.test\"", NULL, 0, 100, 0, 0, 1);
	check("userName eq \"t4@c.test\"", NULL, 0, 100, 0, 0, 1);
	/* Team 1 = odd i among live ones: 1 3 5 7 9 → 5 members. */
	check("displayName eq \"Team 1\"", NULL, 0, 2, 2, 5, 2);
	check("displayName eq \"Team 1\"", NULL, 2, 2, 2, 5, 2);
	check("displayName eq \"Team 1\"", NULL, 4, 2, 1, 5, 1);
	check("displayName eq \"Team 1\"", NULL, 3, 2, 2, 5, 1);
	check("displayName eq \"Team 1\"", NULL, 5, 2, 0, 5, 2);
	/* active: i not a multiple of 3 among 1 2 3 5 6 7 9 → 1 2 5 7. */
	check("active eq true", "userName", 0, 10, 4, 4, 1);
	check("active eq true", "userName", 1, 2, 2, 4, 2);
	check("active eq true", "userName", 2, 2, 2, 4, 1);
	check("active eq false and displayName eq \"Team 0\"", NULL, 0, 10, 1,
	    1, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_total__unfiltered_pages),
		cmocka_unit_test(test_list_total__filtered_pages),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
