/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_schema.c
 *
 * The schema against a real PostgreSQL: a fresh database gets every
 * migration exactly once, organizations and their domains, and the audit
 * trail that a trigger keeps append-only. Needs SCIMD_TEST_DATABASE_URL
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
#include "storage/db.h"
#include "storage/migrate.h"
#include "storage/org.h"

#include "pg_harness.h"

static int	first_applied = -1;

/* The database bare: the first test migrates it. */
static int
setup(void **state)
{
	(void)state;
	return h_create();
}

/* --- Migrations -------------------------------------------------------------- */

/* Runs first: the fresh database gets every migration, exactly once. */
static void
test_pg__migrate_applies_then_idempotent(void **state)
{
	struct err	 e = { 0 };
	struct arena	 a = { 0 };
	int		 n = -1, expect = 0;

	(void)state;
	while (db_migrations[expect].name != NULL)
		expect++;
	assert_true(expect > 0);
	/* Connecting must not need the tables (statements prepare lazily). */
	h_conn = db_connect(h_info, "scimd-test", 30000, &e);
	if (h_conn == NULL)
		fail_msg("db_connect to a fresh database failed: %s", e.detail);
	h_ok(db_migrate(h_conn, &first_applied, &e), &e);
	assert_int_equal(first_applied, expect);
	h_ok(db_migrate(h_conn, &n, &e), &e);
	assert_int_equal(n, 0);
	assert_string_equal(h_value(&a,
	    "SELECT count(*) FROM schema_migrations"), arena_printf(&a, "%d", expect));
	assert_string_equal(h_value(&a,
	    "SELECT to_regclass('public.members') IS NOT NULL"), "t");
	arena_free(&a);
}

/* Every later test needs the migrated connection. */
static int
need_conn(void **state)
{
	(void)state;
	return h_conn != NULL && first_applied > 0 ? 0 : -1;
}

/* --- Organizations ------------------------------------------------------------- */

static void
test_pg__org_insert_and_domain_add(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*org = h_new_org(&a);

	(void)state;
	h_ok(db_org_exists(h_conn, org, &e), &e);
	assert_int_equal(db_org_exists(h_conn, h_random_uuid, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_org_exists(h_conn, "not-a-uuid", &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);

	h_ok(db_org_domain_add(h_conn, org, "Example.COM", 1, &e), &e);
	assert_string_equal(h_value(&a, "SELECT domain || ':' || verified "
	    "FROM org_domains WHERE org_id = '%s'", org), "example.com:true");
	/* Adding it again updates, it does not duplicate. */
	h_ok(db_org_domain_add(h_conn, org, "example.com", 0, &e), &e);
	assert_string_equal(h_value(&a, "SELECT count(*) || ':' || "
	    "bool_and(verified) FROM org_domains WHERE org_id = '%s'", org),
	    "1:false");
	arena_free(&a);
}

/* --- Audit trail ------------------------------------------------------------------- */

static void
test_pg__audit_append_only(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*org = h_new_org(&a);
	struct db_audit	 ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.org_id = org;
	ev.action = "member.deactivate";
	ev.target_user_name = "someone";
	ev.detail = "{\"reason\": \"test\"}";
	h_ok(db_audit_insert(h_conn, &ev, &e), &e);
	ev.detail = NULL;
	h_ok(db_audit_insert(h_conn, &ev, &e), &e);
	assert_string_equal(h_value(&a, "SELECT count(*) FROM audit_events "
	    "WHERE org_id = '%s'", org), "2");
	assert_string_equal(h_value(&a, "SELECT string_agg(detail::text, '|' "
	    "ORDER BY id) FROM audit_events WHERE org_id = '%s'", org),
	    "{\"reason\": \"test\"}|{}");

	/* 42501 insufficient_privilege, raised by the trigger. */
	assert_string_equal(h_sqlstate(&a,
	    "UPDATE audit_events SET action = 'x' WHERE org_id = '%s'", org),
	    "42501");
	assert_string_equal(h_sqlstate(&a,
	    "DELETE FROM audit_events WHERE org_id = '%s'", org), "42501");
	assert_string_equal(h_sqlstate(&a, "TRUNCATE audit_events"), "42501");
	assert_string_equal(h_value(&a, "SELECT count(*) || ':' || "
	    "bool_and(action = 'member.deactivate') FROM audit_events "
	    "WHERE org_id = '%s'", org), "2:true");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__migrate_applies_then_idempotent),
		cmocka_unit_test_setup(test_pg__org_insert_and_domain_add, need_conn),
		cmocka_unit_test_setup(test_pg__audit_append_only, need_conn),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
