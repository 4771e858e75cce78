/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_stats.c
 *
 * A members table that has never been analyzed gets statistics from the
 * list path as soon as it holds a sync's worth of rows, and a userName
 * lookup then goes through the userName index instead of walking the org
 * through another one. Autovacuum is off for the table, as it is for the
 * minute after an initial sync before it comes by. Needs
 * SCIMD_TEST_DATABASE_URL; links scim_filter for the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/member_row.h"
#include "scim/filter/filter.h"
#include "storage/member.h"
#include "storage/stats.h"

#include "pg_harness.h"

static const char	*org;

static int
setup(void **state)
{
	(void)state;
	if (h_setup() == -1)
		return -1;
	h_execf("ALTER TABLE members SET (autovacuum_enabled = off)");
	org = h_org(&h_arena, "stats");
	h_execf("INSERT INTO members (org_id, user_name, display_name, "
	    "resource) SELECT '%s', 'u' || i || '@s.test', 'User ' || i, "
	    "'{}'::jsonb FROM generate_series(1, 20000) AS i", org);
	return 0;
}

static const char *
lookup_plan(void)
{
	return h_value(&h_arena, "EXPLAIN (FORMAT JSON) SELECT m.id FROM members m WHERE "
	    "m.org_id = '%s' AND m.deleted_at IS NULL AND scimd_fold(m.user_name) "
	    "= scimd_fold('u777@s.test') LIMIT 2", org);
}

static void
test_pg_stats__list_analyzes_a_table_never_analyzed(void **state)
{
	struct member_query	 q = { .limit = 1 };
	struct query_node	*f = NULL;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total;

	(void)state;
	assert_string_equal(h_value(&h_arena, "SELECT reltuples < 0 FROM "
	    "pg_class WHERE relname = 'members'"), "t");

	h_ok(scim_filter_parse(&f, &h_arena, "userName eq \"u777@s.test\"", &e),
	    &e);
	q.filter = f;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &h_arena, org, &q, &e),
	    &e);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_string_equal(h_value(&h_arena, "SELECT reltuples > 10000 FROM "
	    "pg_class WHERE relname = 'members'"), "t");
	assert_non_null(strstr(lookup_plan(), "members_user_name_uq"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_stats__list_analyzes_a_table_never_analyzed),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
