/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_member.c
 *
 * Members against a real PostgreSQL: insert and read back, userName
 * unique per organization among live members whatever its case, soft
 * delete, 404 for ids that are not uuids or belong to another
 * organization, updates that bump the version, paging, and the people
 * and sessions a member links to. Needs SCIMD_TEST_DATABASE_URL
 * (pg_harness.h). Not for filter SQL (test_sql_filter.c, test_pg_query.c).
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
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/conn_int.h"
#include "storage/db.h"
#include "storage/member.h"

#include "pg_harness.h"

static void
test_pg__member_insert_get(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *person = NULL;
	const char		*emails[] = { "Jane@Example.COM", "jane@home.test" };
	struct db_member_write	 w;
	struct member_row	 ins, got;

	(void)state;
	h_ok(db_person_upsert(&person, h_conn, &a, "Jane@Example.COM", &e), &e);
	memset(&w, 0, sizeof(w));
	w.person_id = person;
	w.user_name = "Jane@Example.COM";
	w.external_id = "ext-1";
	w.display_name = "Jane";
	w.emails = emails;
	w.nemails = 2;
	w.active = 1;
	w.resource = "{\"userName\": \"Jane@Example.COM\"}";
	h_ok(db_member_insert(&ins, h_conn, &a, org, &w, &e), &e);
	assert_true(db_uuid_valid(ins.id));
	assert_int_equal(ins.version, 1);

	h_ok(db_member_get(&got, h_conn, &a, org, ins.id, 0, &e), &e);
	assert_string_equal(got.id, ins.id);
	assert_string_equal(got.org_id, org);
	assert_string_equal(got.person_id, person);
	assert_string_equal(got.user_name, "Jane@Example.COM");
	assert_string_equal(got.external_id, "ext-1");
	assert_int_equal(got.active, 1);
	assert_int_equal(got.managed, 0);
	assert_string_equal(got.role, "member");
	assert_string_equal(got.resource, "{\"userName\": \"Jane@Example.COM\"}");
	assert_int_equal(got.version, 1);
	/* 2026-01-02T03:04:05.678901Z: microseconds, as stored */
	assert_int_equal(strlen(got.created), 27);
	assert_int_equal(got.created[10], 'T');
	assert_int_equal(got.created[19], '.');
	assert_int_equal(got.created[26], 'Z');
	assert_string_equal(got.created, got.updated);
	/* Emails are kept lower-cased for filtering. */
	assert_string_equal(h_value(&a, "SELECT emails::text FROM members "
	    "WHERE id = '%s'", ins.id), "{jane@example.com,jane@home.test}");

	/* FOR UPDATE reads the same row. */
	h_ok(db_member_get(&got, h_conn, &a, org, ins.id, 1, &e), &e);
	assert_string_equal(got.user_name, "Jane@Example.COM");
	arena_free(&a);
}

static void
test_pg__member_insert_inactive(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct db_member_write	 w;
	struct member_row	 m;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.user_name = "pending";
	w.active = 0;
	w.role = "admin";
	w.resource = "{}";
	h_ok(db_member_insert(&m, h_conn, &a, org, &w, &e), &e);
	assert_int_equal(m.active, 0);
	assert_string_equal(m.role, "admin");
	assert_null(m.person_id);
	assert_null(m.external_id);
	assert_string_equal(h_value(&a, "SELECT deactivated_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");
	arena_free(&a);
}

static void
test_pg__user_name_unique_case_insensitive(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	struct db_member_write	 w;
	struct member_row	 m;

	(void)state;
	h_new_member(&a, org, "A@x.test");
	memset(&w, 0, sizeof(w));
	w.user_name = "a@X.TEST";
	w.active = 1;
	w.resource = "{}";
	assert_int_equal(db_member_insert(&m, h_conn, &a, org, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	if (strstr(e.detail, "a@X.TEST") == NULL)
		fail_msg("detail does not name the userName: %s", e.detail);
	/* The connection is usable afterwards. */
	h_ok(db_ping(h_conn, &e), &e);
	/* Per organization: another org may use it. */
	h_new_member(&a, other, "a@X.TEST");
	assert_string_equal(h_value(&a, "SELECT count(*) FROM members "
	    "WHERE org_id = '%s'", org), "1");
	arena_free(&a);
}

static void
test_pg__user_name_unique_among_live_only(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_row	 first, del, again;

	(void)state;
	first = h_new_member(&a, org, "leaver@x.test");
	h_ok(db_member_soft_delete(&del, h_conn, &a, org, first.id, &e), &e);
	assert_string_equal(del.id, first.id);
	assert_int_equal(del.active, 0);
	assert_int_equal(del.version, 2);
	again = h_new_member(&a, org, "LEAVER@x.test");
	assert_string_not_equal(again.id, first.id);
	/* Deleting twice: the second finds nothing. */
	assert_int_equal(db_member_soft_delete(&del, h_conn, &a, org, first.id, &e), -1);
	assert_int_equal(e.status, 404);
	arena_free(&a);
}

static void
test_pg__get_soft_deleted_404(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_row	 m = h_new_member(&a, org, "gone"), got;

	(void)state;
	h_ok(db_member_soft_delete(&got, h_conn, &a, org, m.id, &e), &e);
	assert_int_equal(db_member_get(&got, h_conn, &a, org, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_get(&got, h_conn, &a, org, m.id, 1, &e), -1);
	assert_int_equal(e.status, 404);
	/* The row itself is kept (soft delete). */
	assert_string_equal(h_value(&a, "SELECT deleted_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");
	arena_free(&a);
}

static void
test_pg__get_non_uuid_404(void **state)
{
	static const char *const ids[] = { "not-a-uuid", "", "1234",
		"2819c223-7f76-453a-919d-41386190464", "2819c223-7f76-453a-919d-4138619046466",
		"2819c223_7f76_453a_919d_413861904646", "'; DROP TABLE members; --",
		"2819c223-7f76-453a-919d-41386190464g" };
	struct arena		 a = { 0 };
	struct err		 e;
	const char		*org = h_new_org(&a);
	struct member_row	 got;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		err_clear(&e);
		assert_int_equal(db_member_get(&got, h_conn, &a, org, ids[i], 0, &e), -1);
		assert_int_equal(e.status, 404);
		assert_int_equal(e.type, ST_NONE);
		assert_int_equal(e.retry, ERR_RETRY_NONE);
	}
	/* No failed statement: the connection is idle and healthy. */
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	err_clear(&e);
	h_ok(db_ping(h_conn, &e), &e);
	assert_false(db_uuid_valid(NULL));
	assert_true(db_uuid_valid("2819C223-7F76-453A-919D-413861904646"));
	arena_free(&a);
}

static void
test_pg__get_other_org_404(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	struct member_row	 m = h_new_member(&a, org, "mine"), got;
	struct db_member_write	 w;

	(void)state;
	assert_int_equal(db_member_get(&got, h_conn, &a, other, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_get(&got, h_conn, &a, h_random_uuid, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	/* Nor can another org update or delete it. */
	memset(&w, 0, sizeof(w));
	w.user_name = "stolen";
	w.active = 1;
	w.resource = "{}";
	err_clear(&e);
	assert_int_equal(db_member_update(&got, h_conn, &a, other, m.id, &w, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_soft_delete(&got, h_conn, &a, other, m.id, &e), -1);
	assert_int_equal(e.status, 404);
	h_ok(db_member_get(&got, h_conn, &a, org, m.id, 0, &e), &e);
	assert_string_equal(got.user_name, "mine");
	arena_free(&a);
}

static void
test_pg__update_bumps_version(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_row	 m = h_new_member(&a, org, "before"), up, got;
	struct db_member_write	 w;

	(void)state;
	h_new_member(&a, org, "Taken");
	memset(&w, 0, sizeof(w));
	w.user_name = "after";
	w.external_id = "x9";
	w.active = 0;
	w.resource = "{\"userName\": \"after\"}";
	h_ok(db_member_update(&up, h_conn, &a, org, m.id, &w, &e), &e);
	assert_int_equal(up.version, 2);
	assert_string_equal(up.user_name, "after");
	assert_int_equal(up.active, 0);
	assert_true(strcmp(up.updated, m.created) >= 0);
	h_ok(db_member_get(&got, h_conn, &a, org, m.id, 0, &e), &e);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.external_id, "x9");
	assert_string_equal(got.resource, "{\"userName\": \"after\"}");
	assert_string_equal(got.created, m.created);
	assert_string_equal(h_value(&a, "SELECT deactivated_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");

	w.active = 1;
	h_ok(db_member_update(&up, h_conn, &a, org, m.id, &w, &e), &e);
	assert_int_equal(up.version, 3);
	assert_string_equal(h_value(&a, "SELECT deactivated_at IS NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");

	/* Renaming onto a taken userName (any case) is a conflict. */
	w.user_name = "TAKEN";
	assert_int_equal(db_member_update(&up, h_conn, &a, org, m.id, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	assert_non_null(strstr(e.detail, "TAKEN"));
	err_clear(&e);
	h_ok(db_member_get(&got, h_conn, &a, org, m.id, 0, &e), &e);
	assert_int_equal(got.version, 3);
	arena_free(&a);
}

static void
test_pg__member_list_paging(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_query	 q;
	struct member_row	*rows, del;
	struct member_row	 ms[6];
	size_t			 n, i;
	long long		 total;
	char			 un[16];

	(void)state;
	for (i = 0; i < 6; i++) {
		snprintf(un, sizeof(un), "user%zu", i);
		ms[i] = h_new_member(&a, org, un);
	}
	/* A removed member is not listed nor counted; another org's neither. */
	h_ok(db_member_soft_delete(&del, h_conn, &a, org, ms[5].id, &e), &e);
	h_new_member(&a, h_new_org(&a), "user0");

	memset(&q, 0, sizeof(q));
	q.limit = 2;
	for (q.offset = 0; q.offset < 6; q.offset += 2) {
		h_ok(db_member_list(&rows, &n, &total, h_conn, &a, org, &q, &e), &e);
		assert_int_equal(total, 5);
		assert_int_equal(n, q.offset == 4 ? 1 : 2);
		for (i = 0; i < n; i++)
			assert_string_equal(rows[i].id, ms[q.offset + (long long)i].id);
	}
	/* Past the end: empty page, full count. */
	q.offset = 5;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 0);
	assert_int_equal(total, 5);
	/* limit 0: count only. */
	q.offset = 0;
	q.limit = 0;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 0);
	assert_int_equal(total, 5);
	/* One big page: creation order, rows decoded. */
	q.limit = 100;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++) {
		snprintf(un, sizeof(un), "user%zu", i);
		assert_string_equal(rows[i].user_name, un);
		assert_string_equal(rows[i].org_id, org);
		assert_int_equal(rows[i].version, 1);
	}
	/* Descending creation order. */
	q.descending = 1;
	h_ok(db_member_list(&rows, &n, &total, h_conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].id, ms[4].id);
	assert_string_equal(rows[4].id, ms[0].id);
	arena_free(&a);
}

static void
test_pg__person_upsert_email_case(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*p1 = NULL, *p2 = NULL, *p3 = NULL, *n1 = NULL, *n2 = NULL;

	(void)state;
	h_ok(db_person_upsert(&p1, h_conn, &a, "Bob@Example.com", &e), &e);
	h_ok(db_person_upsert(&p2, h_conn, &a, "bob@example.COM", &e), &e);
	h_ok(db_person_upsert(&p3, h_conn, &a, "bobby@example.com", &e), &e);
	assert_true(db_uuid_valid(p1));
	assert_string_equal(p1, p2);
	assert_string_not_equal(p1, p3);
	/* Without an email every call is a new person. */
	h_ok(db_person_upsert(&n1, h_conn, &a, NULL, &e), &e);
	h_ok(db_person_upsert(&n2, h_conn, &a, NULL, &e), &e);
	assert_true(db_uuid_valid(n1));
	assert_string_not_equal(n1, n2);
	assert_string_equal(h_value(&a, "SELECT count(*) FROM users "
	    "WHERE scimd_fold(email) = 'bob@example.com'"), "1");
	arena_free(&a);
}

static void
test_pg__sessions_revoke_count(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_row	 m = h_new_member(&a, org, "s1"), o = h_new_member(&a, org, "s2");
	long long		 n = -1;

	(void)state;
	assert_string_equal(h_sqlstate(&a, "INSERT INTO sessions "
	    "(org_id, member_id, token_hash, revoked_at) VALUES "
	    "('%s', '%s', '\\x01', NULL), ('%s', '%s', '\\x02', NULL), "
	    "('%s', '%s', '\\x03', now()), ('%s', '%s', '\\x04', NULL)",
	    org, m.id, org, m.id, org, m.id, org, o.id), "");
	h_ok(db_sessions_revoke(&n, h_conn, m.id, &e), &e);
	assert_int_equal(n, 2);
	h_ok(db_sessions_revoke(&n, h_conn, m.id, &e), &e);
	assert_int_equal(n, 0);
	assert_string_equal(h_value(&a, "SELECT count(*) FROM sessions "
	    "WHERE member_id = '%s' AND revoked_at IS NULL", o.id), "1");
	assert_string_equal(h_value(&a, "SELECT count(*) FROM sessions "
	    "WHERE member_id = '%s' AND revoked_at IS NULL", m.id), "0");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__member_insert_get),
		cmocka_unit_test(test_pg__member_insert_inactive),
		cmocka_unit_test(test_pg__user_name_unique_case_insensitive),
		cmocka_unit_test(test_pg__user_name_unique_among_live_only),
		cmocka_unit_test(test_pg__get_soft_deleted_404),
		cmocka_unit_test(test_pg__get_non_uuid_404),
		cmocka_unit_test(test_pg__get_other_org_404),
		cmocka_unit_test(test_pg__update_bumps_version),
		cmocka_unit_test(test_pg__member_list_paging),
		cmocka_unit_test(test_pg__person_upsert_email_case),
		cmocka_unit_test(test_pg__sessions_revoke_count),
	};

	return cmocka_run_group_tests(tests, h_group_setup,
	    h_group_teardown);
}
