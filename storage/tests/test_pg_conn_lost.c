/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_conn_lost.c
 *
 * A connection whose backend was terminated (pg_terminate_backend) against
 * a real PostgreSQL: noticed while idle by db_ensure, or met by the first
 * statement and then run once more on a new connection (db_read_run,
 * db_tx_run), never twice; a notification while idle is no loss. Needs SCIMD_TEST_DATABASE_URL (pg_harness.h).
 */
#include <poll.h>
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

#include "pg_harness.h"

struct lost_arg {
	int	calls;
	int	kill_times;	/* the first calls end their own backend */
};

/* SELECT 1, after ending the connection's own backend on early calls. */
static int
lost_body(struct db_conn *c, void *arg, struct err *err)
{
	struct lost_arg	*l = arg;

	if (l->calls++ < l->kill_times &&
	    db_exec_simple(c, "SELECT pg_terminate_backend(pg_backend_pid())",
	    err) == -1)
		return -1;
	return db_exec_simple(c, "SELECT 1", err);
}

/* Ends h_conn's backend from h_raw, waiting until it is gone. */
static void
terminate_idle(void)
{
	struct arena	a = { 0 };
	struct err	e = { 0 };

	h_ok(db_ensure(h_conn, &e), &e);
	assert_string_equal(h_value(&a, "SELECT pg_terminate_backend(%d, 5000)",
	    PQbackendPID(h_conn->pg)), "t");
	arena_free(&a);
}

static void
test_pg__idle_loss_noticed_before_the_request(void **state)
{
	struct err	 e = { 0 };
	struct lost_arg	 l = { 0, 0 };
	int		 pid;

	(void)state;
	terminate_idle();
	pid = PQbackendPID(h_conn->pg);
	h_ok(db_read_run(h_conn, lost_body, &l, &e), &e);
	assert_int_equal(l.calls, 1);
	assert_int_not_equal(PQbackendPID(h_conn->pg), pid);
}

/* The events feed LISTENs on a worker's connection: a notification is no loss. */
static void
test_pg__idle_notification_is_no_loss(void **state)
{
	struct err	 e = { 0 };
	struct pollfd	 p;
	int		 pid;

	(void)state;
	h_ok(db_ensure(h_conn, &e), &e);
	h_ok(db_exec_simple(h_conn, "LISTEN conn_lost_test", &e), &e);
	pid = PQbackendPID(h_conn->pg);
	h_execf("NOTIFY conn_lost_test");
	p.fd = PQsocket(h_conn->pg);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 5000), 1);
	h_ok(db_ensure(h_conn, &e), &e);
	assert_int_equal(PQbackendPID(h_conn->pg), pid);
	h_ok(db_exec_simple(h_conn, "UNLISTEN conn_lost_test", &e), &e);
}

static void
test_pg__read_run_once_more_after_loss(void **state)
{
	struct err	 e = { 0 };
	struct lost_arg	 l = { 0, 1 };

	(void)state;
	h_ok(db_read_run(h_conn, lost_body, &l, &e), &e);
	assert_int_equal(l.calls, 2);
}

static void
test_pg__read_run_only_once_more(void **state)
{
	struct err	 e = { 0 };
	struct lost_arg	 l = { 0, 1000 };

	(void)state;
	assert_int_equal(db_read_run(h_conn, lost_body, &l, &e), -1);
	assert_int_equal(l.calls, 2);
	assert_int_equal(e.status, 503);
	assert_int_equal(e.retry, ERR_RETRY_CONN);
}

static void
test_pg__tx_after_idle_loss(void **state)
{
	struct err	 e = { 0 };
	struct lost_arg	 l = { 0, 0 };

	(void)state;
	terminate_idle();
	h_ok(db_tx_run(h_conn, 0, lost_body, &l, &e), &e);
	assert_int_equal(l.calls, 1);
	l.calls = 0;
	l.kill_times = 1;
	h_ok(db_tx_run(h_conn, 0, lost_body, &l, &e), &e);
	assert_int_equal(l.calls, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__idle_loss_noticed_before_the_request),
		cmocka_unit_test(test_pg__idle_notification_is_no_loss),
		cmocka_unit_test(test_pg__read_run_once_more_after_loss),
		cmocka_unit_test(test_pg__read_run_only_once_more),
		cmocka_unit_test(test_pg__tx_after_idle_loss),
	};

	return cmocka_run_group_tests(tests, h_group_setup,
	    h_group_teardown);
}
