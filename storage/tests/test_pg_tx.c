/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_tx.c
 *
 * Transactions against a real PostgreSQL (db_tx_run): commit, rollback
 * on a body's error and on an SQL error, retry on serialization failure
 * and deadlock, and a bound on the retries. Needs SCIMD_TEST_DATABASE_URL
 * (pg_harness.h).
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
#include "storage/conn_int.h"
#include "storage/db.h"
#include "storage/org.h"

#include "pg_harness.h"

struct tx_arg {
	const char	*org_name;
	int		 calls;
	int		 fail_times;	/* fail this many first calls */
	const char	*fail_sql;	/* how a call fails (NULL: a plain err) */
};

static int
tx_body(struct db_conn *c, void *arg, struct err *err)
{
	struct tx_arg	*t = arg;
	struct arena	 a = { 0 };
	const char	*id;
	int		 rc;

	t->calls++;
	rc = db_org_insert(&id, c, &a, t->org_name, 0, err);
	arena_free(&a);
	if (rc == -1)
		return -1;
	if (t->calls > t->fail_times)
		return 0;
	if (t->fail_sql != NULL)
		return db_exec_simple(c, t->fail_sql, err);
	return err_set(err, 400, ST_INVALID_VALUE, "body refused");
}

static const char *
orgs_named(struct arena *a, const char *name)
{
	return h_value(a, "SELECT count(*) FROM orgs WHERE name = '%s'", name);
}

static void
test_pg__tx_commit(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-commit", 0, 0, NULL };

	(void)state;
	h_ok(db_tx_run(h_conn, 0, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 1);
	assert_string_equal(orgs_named(&a, "tx-commit"), "1");
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_rollback_on_body_error(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-rollback", 0, 100, NULL };

	(void)state;
	assert_int_equal(db_tx_run(h_conn, 0, tx_body, &t, &e), -1);
	assert_int_equal(e.status, 400);
	assert_string_equal(e.detail, "body refused");
	assert_int_equal(t.calls, 1);	/* not a retryable error */
	assert_string_equal(orgs_named(&a, "tx-rollback"), "0");
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_rollback_on_sql_error(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-sqlerr", 0, 100, "SELECT 1/0" };

	(void)state;
	assert_int_equal(db_tx_run(h_conn, 0, tx_body, &t, &e), -1);
	assert_int_equal(e.status, 400);	/* 22012: a data exception */
	assert_int_equal(t.calls, 1);
	assert_string_equal(orgs_named(&a, "tx-sqlerr"), "0");
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_retry_serialization_failure(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-retry", 0, 1,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$" };

	(void)state;
	h_ok(db_tx_run(h_conn, 1, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 2);
	assert_int_equal(e.status, 0);
	/* The first attempt's insert was rolled back: exactly one row. */
	assert_string_equal(orgs_named(&a, "tx-retry"), "1");
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_retry_deadlock(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-deadlock", 0, 2,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40P01'; END $$" };

	(void)state;
	h_ok(db_tx_run(h_conn, 0, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 3);
	assert_string_equal(orgs_named(&a, "tx-deadlock"), "1");
	arena_free(&a);
}

static void
test_pg__tx_retry_bounded(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-forever", 0, 1000,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$" };

	(void)state;
	assert_int_equal(db_tx_run(h_conn, 1, tx_body, &t, &e), -1);
	assert_int_equal(t.calls, DB_TX_MAX_TRIES);
	assert_int_equal(e.status, 503);
	assert_string_equal(orgs_named(&a, "tx-forever"), "0");
	assert_int_equal(PQtransactionStatus(h_conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__tx_commit),
		cmocka_unit_test(test_pg__tx_rollback_on_body_error),
		cmocka_unit_test(test_pg__tx_rollback_on_sql_error),
		cmocka_unit_test(test_pg__tx_retry_serialization_failure),
		cmocka_unit_test(test_pg__tx_retry_deadlock),
		cmocka_unit_test(test_pg__tx_retry_bounded),
	};

	return cmocka_run_group_tests(tests, h_group_setup,
	    h_group_teardown);
}
