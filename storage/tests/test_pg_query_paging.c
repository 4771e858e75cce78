/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_query_paging.c
 *
 * Paging through 10,000 members with db_member_list: index paging
 * (OFFSET) returns every member exactly once while nothing changes;
 * cursor paging (keyset) returns every member that exists for the whole
 * walk exactly once while members are inserted and removed between
 * pages, never one twice, and never one after its removal; previous
 * cursors walk back over the same pages; cursors of another query or a
 * tampered cursor are 400 invalidCursor. Needs SCIMD_TEST_DATABASE_URL.
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
#include "storage/member.h"
#include "storage/sqlbuf.h"

#include "pg_harness.h"

#define N	10000
#define PAGE	250

static const char	*org;

static int
setup(void **state)
{
	(void)state;
	if (h_setup() == -1)
		return -1;
	org = h_org(&h_arena, "paging");
	/* Three members per created_at, so the id tie-break matters; every
	 * tenth displayName missing, the rest repeating. */
	h_execf("INSERT INTO members (org_id, user_name, display_name, "
	    "resource, created_at) SELECT '%s', 'p' || i || '@c.test', CASE "
	    "WHEN i %% 10 = 0 THEN NULL ELSE 'Name ' || (i %% 500) END, "
	    "'{}'::jsonb, '2020-01-01'::timestamptz + (i / 3) * interval "
	    "'1 minute' FROM generate_series(1, %d) AS i", org, N);
	h_execf("CREATE TABLE walk_seen (id uuid, page int)");
	h_execf("CREATE TABLE walk_deleted (id uuid, page int)");
	h_execf("CREATE TABLE walk_initial (id uuid)");
	h_execf("ANALYZE");
	return 0;
}

static long long
count_sql(const char *sql)
{
	PGresult	*res = PQexec(h_raw, sql);
	long long	 v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(h_raw));
	v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

/* Records the ids of a page in walk_seen. */
static void
record(const struct member_row *rows, size_t n, int page)
{
	const char	**ids = arena_alloc(&h_arena, (n + 1) * sizeof(*ids));
	const char	 *p[2];
	PGresult	 *res;
	size_t		  i;

	for (i = 0; i < n; i++)
		ids[i] = rows[i].id;
	p[0] = db_array_literal(&h_arena, ids, n);
	p[1] = arena_printf(&h_arena, "%d", page);
	res = PQexecParams(h_raw, "INSERT INTO walk_seen SELECT unnest($1::uuid[]), "
	    "$2::int", 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("record: %s", PQerrorMessage(h_raw));
	PQclear(res);
}

static void
query_for(struct member_query *q, struct query_path *by, const char *sort,
    int descending)
{
	memset(q, 0, sizeof(*q));
	memset(by, 0, sizeof(*by));
	if (sort != NULL) {
		by->attr = sort;
		q->sort_by = by;
	}
	q->descending = descending;
	q->limit = PAGE;
}

/* Index paging with nothing changing: a stable total, each id once. */
static void
index_walk(const char *sort, int descending)
{
	struct member_query	 q;
	struct query_path	 by;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total, first = -1;
	int			 page;

	h_execf("TRUNCATE walk_seen");
	query_for(&q, &by, sort, descending);
	for (page = 0; page * PAGE < N + PAGE; page++) {
		q.offset = (long long)page * PAGE;
		if (db_member_list(&rows, &n, &total, h_conn, &h_arena, org, &q, &e) == -1)
			fail_msg("%s", e.detail);
		if (first == -1)
			first = total;
		assert_int_equal(total, first);
		record(rows, n, page);
	}
	assert_int_equal(count_sql("SELECT count(*) FROM walk_seen"), first);
	assert_int_equal(count_sql("SELECT count(DISTINCT id) FROM walk_seen"),
	    first);
	assert_int_equal(count_sql(arena_printf(&h_arena, "SELECT count(*) FROM members "
	    "WHERE org_id = '%s' AND deleted_at IS NULL AND id NOT IN (SELECT "
	    "id FROM walk_seen)", org)), 0);
}

static void
test_pg_query__index_paging_each_once(void **state)
{
	(void)state;
	index_walk(NULL, 0);
	index_walk("displayName", 1);
}

/* Between pages: 20 new members anywhere in the order, 20 removed. */
static void
churn(int page)
{
	h_execf("INSERT INTO members (org_id, user_name, display_name, resource, "
	    "created_at) SELECT '%s', 'n' || gen_random_uuid() || '@c.test', "
	    "CASE WHEN random() < 0.1 THEN NULL ELSE 'Name ' || floor(random() * "
	    "500) END, '{}'::jsonb, '2020-01-01'::timestamptz + random() * "
	    "interval '3 days' FROM generate_series(1, 20)", org);
	h_execf("WITH d AS (UPDATE members SET deleted_at = now() WHERE id IN "
	    "(SELECT id FROM members WHERE org_id = '%s' AND deleted_at IS NULL "
	    "ORDER BY random() LIMIT 20) RETURNING id) INSERT INTO walk_deleted "
	    "SELECT id, %d FROM d", org, page);
}

/*
 * Cursor paging while members come and go. Returns the pages' cursors
 * (in, next) so the caller can walk back.
 */
static int
cursor_walk(const char *sort, int descending, int with_churn)
{
	struct member_query	 q;
	struct query_path	 by;
	struct query_cursor	 qc;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total;
	int			 page;

	h_execf("TRUNCATE walk_seen, walk_deleted, walk_initial");
	h_execf("INSERT INTO walk_initial SELECT id FROM members WHERE org_id = "
	    "'%s' AND deleted_at IS NULL", org);
	query_for(&q, &by, sort, descending);
	memset(&qc, 0, sizeof(qc));
	qc.in = "";
	qc.bind = "Users";
	q.cursor = &qc;
	for (page = 0; ; page++) {
		if (db_member_list(&rows, &n, &total, h_conn, &h_arena, org, &q, &e) == -1)
			fail_msg("page %d: %s", page, e.detail);
		record(rows, n, page);
		if (qc.next == NULL)
			break;
		assert_true(n == PAGE);
		if (with_churn)
			churn(page);
		qc.in = qc.next;
		assert_true(page < 4 * N / PAGE);
	}
	/* Never twice; every member present throughout exactly once. */
	assert_int_equal(count_sql("SELECT count(*) FROM (SELECT id FROM "
	    "walk_seen GROUP BY id HAVING count(*) > 1) x"), 0);
	assert_int_equal(count_sql("SELECT count(*) FROM walk_initial i WHERE "
	    "i.id NOT IN (SELECT id FROM walk_deleted) AND i.id NOT IN (SELECT "
	    "id FROM walk_seen)"), 0);
	/* Never after its removal (removed after page p is fetched). */
	assert_int_equal(count_sql("SELECT count(*) FROM walk_seen s JOIN "
	    "walk_deleted d ON d.id = s.id WHERE s.page > d.page"), 0);
	return page + 1;
}

static void
test_pg_query__cursor_paging_under_churn(void **state)
{
	(void)state;
	assert_true(cursor_walk(NULL, 0, 1) >= N / PAGE);
	assert_true(cursor_walk(NULL, 1, 1) >= N / PAGE);
	assert_true(cursor_walk("displayName", 0, 1) >= N / PAGE);
	assert_true(cursor_walk("displayName", 1, 1) >= N / PAGE);
	assert_true(cursor_walk("userName", 1, 1) >= N / PAGE);
	print_message("5 cursor walks over ~%d members with 20 inserts and 20 "
	    "removals between pages\n", N);
}

/* Following previousCursor from the last page retraces every page. */
static void
test_pg_query__previous_cursor_walks_back(void **state)
{
	struct member_query	 q;
	struct query_path	 by;
	struct query_cursor	 qc;
	struct member_row	*rows;
	struct err		 e = { 0 };
	const char		*firsts[64];
	size_t			 n;
	long long		 total;
	int			 page, pages;

	(void)state;
	query_for(&q, &by, "displayName", 1);
	q.limit = 400;
	memset(&qc, 0, sizeof(qc));
	qc.in = "";
	qc.bind = "Users";
	q.cursor = &qc;
	for (page = 0; ; page++) {
		assert_true(page < 64);
		assert_int_equal(db_member_list(&rows, &n, &total, h_conn, &h_arena, org,
		    &q, &e), 0);
		firsts[page] = rows[0].id;
		assert_true(page == 0 ? qc.prev == NULL : qc.prev != NULL);
		if (qc.next == NULL)
			break;
		qc.in = qc.next;
	}
	pages = page + 1;
	for (page = pages - 2; page >= 0; page--) {
		qc.in = qc.prev;
		assert_int_equal(db_member_list(&rows, &n, &total, h_conn, &h_arena, org,
		    &q, &e), 0);
		assert_int_equal(n, 400);
		assert_string_equal(rows[0].id, firsts[page]);
	}
	assert_null(qc.prev);
}

static void
expect_invalid(struct member_query *q, const char *cursor, const char *bind)
{
	struct query_cursor	 qc;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total;

	memset(&qc, 0, sizeof(qc));
	qc.in = cursor;
	qc.bind = bind;
	q->cursor = &qc;
	assert_int_equal(db_member_list(&rows, &n, &total, h_conn, &h_arena, org, q,
	    &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_CURSOR);
}

static void
test_pg_query__cursor_bound_to_query(void **state)
{
	struct member_query	 q;
	struct query_path	 by;
	struct query_cursor	 qc;
	struct member_row	*rows;
	struct err		 e = { 0 };
	size_t			 n;
	long long		 total;
	char			*bad;

	(void)state;
	query_for(&q, &by, NULL, 0);
	memset(&qc, 0, sizeof(qc));
	qc.in = "";
	qc.bind = "Users";
	q.cursor = &qc;
	assert_int_equal(db_member_list(&rows, &n, &total, h_conn, &h_arena, org, &q,
	    &e), 0);
	assert_non_null(qc.next);
	expect_invalid(&q, qc.next, "Groups");		/* another endpoint */
	q.descending = 1;
	expect_invalid(&q, qc.next, "Users");		/* another order */
	query_for(&q, &by, "userName", 0);
	expect_invalid(&q, qc.next, "Users");		/* another sortBy */
	query_for(&q, &by, NULL, 0);
	bad = arena_strdup(&h_arena, qc.next);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	expect_invalid(&q, bad, "Users");		/* tampered */
	expect_invalid(&q, "AAAA", "Users");		/* garbage */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_query__index_paging_each_once),
		cmocka_unit_test(test_pg_query__previous_cursor_walks_back),
		cmocka_unit_test(test_pg_query__cursor_bound_to_query),
		cmocka_unit_test(test_pg_query__cursor_paging_under_churn),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
