/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_stmt_cache.c
 *
 * Run-time SQL runs as prepared statements of its connection: a text is
 * prepared once and reused, the number kept on the server is bounded
 * however many texts a client makes us build, and a table changed under
 * a prepared SELECT * (a migration) costs no failed request outside a
 * transaction. Needs SCIMD_TEST_DATABASE_URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "storage/conn_int.h"

#include "pg_harness.h"

/* Statements prepared on h_conn's backend whose text is `like`. */
static long long
prepared(const char *like)
{
	const char	*p[1] = { like };
	struct err	 e = { 0 };
	PGresult	*res;
	long long	 n;

	/* Through the cache too: it must not count itself. */
	res = db_exec_params(h_conn, "SELECT count(*) FROM pg_prepared_statements "
	    "WHERE name LIKE 'dyn%' AND statement LIKE $1", 1, p, &e);
	h_ok(res == NULL ? -1 : 0, &e);
	n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static void
run(const char *sql, int n, const char *const *p)
{
	struct err	 e = { 0 };
	PGresult	*res = db_exec_params(h_conn, sql, n, p, &e);

	h_ok(res == NULL ? -1 : 0, &e);
	PQclear(res);
}

static void
test_pg_stmt_cache__prepared_once(void **state)
{
	const char	*p[1] = { "x" };
	int		 i;

	(void)state;
	for (i = 0; i < 5; i++)
		run("SELECT $1::text AS once_only", 1, p);
	assert_int_equal(prepared("%once_only%"), 1);
}

static void
test_pg_stmt_cache__bounded(void **state)
{
	char	sql[64];
	int	i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d AS many_texts", i);
		run(sql, 0, NULL);
	}
	assert_in_range(prepared("%many_texts%"), 1, 256);
}

static void
test_pg_stmt_cache__table_changed_under_select_star(void **state)
{
	(void)state;
	h_execf("CREATE TABLE cache_t (a int)");
	h_execf("INSERT INTO cache_t VALUES (1)");
	run("SELECT * FROM cache_t", 0, NULL);
	h_execf("ALTER TABLE cache_t ADD COLUMN b int");
	run("SELECT * FROM cache_t", 0, NULL);
	assert_int_equal(prepared("%cache_t%"), 1);
}

static void
test_pg_stmt_cache__utility_not_prepared(void **state)
{
	(void)state;
	run("ANALYZE cache_t", 0, NULL);
	assert_int_equal(prepared("%ANALYZE%"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_stmt_cache__prepared_once),
		cmocka_unit_test(test_pg_stmt_cache__bounded),
		cmocka_unit_test(test_pg_stmt_cache__table_changed_under_select_star),
		cmocka_unit_test(test_pg_stmt_cache__utility_not_prepared),
	};

	return cmocka_run_group_tests(tests, h_group_setup, h_group_teardown);
}
