/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_admin.c
 *
 * The operator queries (storage/admin*.c) against a real PostgreSQL:
 * domain settings left as they are, revocations that happen once, the
 * role a group grants, operator token checks, and the audit listing's
 * filters and row values. Needs SCIMD_TEST_DATABASE_URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/admin_row.h"
#include "domain/base/arena.h"
#include "storage/admin.h"
#include "storage/admin_audit.h"
#include "storage/admin_keys.h"
#include "storage/org.h"

#include "pg_harness.h"


#define HASH_A	"aa00000000000000000000000000000000000000000000000000000000000000"
#define HASH_B	"bb00000000000000000000000000000000000000000000000000000000000000"

static struct arena	A;

static int
teardown(void **state)
{
	arena_free(&A);
	return h_group_teardown(state);
}

static void
test_pg_admin__domain_settings_kept_when_negative(void **state)
{
	const char		*org = h_org(&A, "domains");
	struct domain_row	*d;
	size_t			 n;
	struct err		 e = { 0 };

	(void)state;
	assert_int_equal(db_domain_upsert(h_conn, org, "B.test", -1, 1, &e), 0);
	assert_int_equal(db_domain_upsert(h_conn, org, "a.test", 1, 0, &e), 0);
	assert_int_equal(db_domain_upsert(h_conn, org, "b.TEST", 1, -1, &e), 0);
	/* The org-creation path sets verified and leaves jit alone. */
	assert_int_equal(db_org_domain_add(h_conn, org, "b.test", 0, &e), 0);
	assert_int_equal(db_domain_list(&d, &n, h_conn, &A, org, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].domain, "a.test");
	assert_int_equal(d[0].verified, 1);
	assert_int_equal(d[0].jit, 0);
	assert_string_equal(d[1].domain, "b.test");
	assert_int_equal(d[1].verified, 0);
	assert_int_equal(d[1].jit, 1);

	assert_int_equal(db_domain_delete(h_conn, org, "A.Test", &e), 0);
	assert_int_equal(db_domain_delete(h_conn, org, "a.test", &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_domain_list(&d, &n, h_conn, &A, org, &e), 0);
	assert_int_equal(n, 1);
}

static void
test_pg_admin__revoke_once_per_org(void **state)
{
	const char		*org = h_org(&A, "keys"), *other = h_org(&A, "other");
	const char		*tok, *member, *key;
	struct token_row	*t;
	struct api_key_row	*k;
	size_t			 n;
	struct err		 e = { 0 };

	(void)state;
	member = h_value(&A, "INSERT INTO members (org_id, user_name, resource) VALUES "
	    "('%s', 'k@keys.test', '{}') RETURNING id", org);
	assert_int_equal(db_token_insert(&tok, h_conn, &A, org, "t", HASH_A,
	    member, &e), 0);
	assert_int_equal(db_api_key_insert(&key, h_conn, &A, org, member, "k",
	    HASH_B, &e), 0);

	assert_int_equal(db_token_revoke(h_conn, other, tok, &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_token_revoke(h_conn, org, "nope", &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_token_revoke(h_conn, org, tok, &e), 0);
	assert_int_equal(db_token_revoke(h_conn, org, tok, &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_token_list(&t, &n, h_conn, &A, org, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].id, tok);
	assert_string_equal(t[0].admin_user_name, "k@keys.test");
	assert_null(t[0].last_used);
	assert_non_null(t[0].revoked);
	assert_int_equal(strlen(t[0].created), 24);	/* ms, UTC */

	assert_int_equal(db_api_key_list(&k, &n, h_conn, &A, org, &e), 0);
	assert_int_equal(n, 1);
	assert_null(k[0].revoked);
	assert_string_equal(k[0].member_id, member);
	assert_int_equal(db_api_key_revoke(h_conn, other, key, &e), -1);
	assert_int_equal(db_api_key_revoke(h_conn, org, key, &e), 0);
	assert_int_equal(db_api_key_revoke(h_conn, org, key, &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_api_key_list(&k, &n, h_conn, &A, org, &e), 0);
	assert_non_null(k[0].revoked);
}

static void
test_pg_admin__group_role_and_owner(void **state)
{
	const char	*org = h_org(&A, "roles"), *other = h_org(&A, "x");
	const char	*g, *name = NULL, *owner;
	struct err	 e = { 0 };

	(void)state;
	g = h_value(&A, "INSERT INTO groups (org_id, display_name, resource) VALUES "
	    "('%s', 'Admins', '{}') RETURNING id", org);
	assert_int_equal(db_group_set_role(&name, h_conn, &A, org, g, "admin",
	    &e), 0);
	assert_string_equal(name, "Admins");
	assert_string_equal(h_value(&A, "SELECT role FROM groups WHERE id = '%s'", g),
	    "admin");
	assert_int_equal(db_group_set_role(&name, h_conn, &A, org, g, NULL, &e), 0);
	assert_string_equal(h_value(&A, "SELECT coalesce(role, 'none') FROM groups "
	    "WHERE id = '%s'", g), "none");
	assert_int_equal(db_group_set_role(&name, h_conn, &A, other, g, "admin",
	    &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_group_set_role(&name, h_conn, &A, org, "x", "admin",
	    &e), -1);
	assert_int_equal(e.status, 404);

	assert_int_equal(db_org_owner(&owner, h_conn, &A, org, &e), 0);
	assert_null(owner);
	owner = h_value(&A, "INSERT INTO members (org_id, user_name, role, resource) "
	    "VALUES ('%s', 'o@roles.test', 'owner', '{}') RETURNING id", org);
	assert_int_equal(db_org_owner(&name, h_conn, &A, org, &e), 0);
	assert_string_equal(name, owner);
}

static void
test_pg_admin__operator_token_auth(void **state)
{
	struct err	e = { 0 };

	(void)state;
	assert_int_equal(db_operator_token_auth(h_conn, HASH_A, &e), -1);
	assert_int_equal(e.status, 401);
	assert_int_equal(db_operator_token_insert(h_conn, "ops", HASH_A, &e), 0);
	assert_int_equal(db_operator_token_auth(h_conn, HASH_A, &e), 0);
	h_execf("UPDATE operator_tokens SET revoked_at = now()");
	assert_int_equal(db_operator_token_auth(h_conn, HASH_A, &e), -1);
	assert_int_equal(e.status, 401);
}

/* Inserts an event about `member` recorded under `user_name`. */
static void
event(const char *org, const char *action, const char *member,
    const char *user_name)
{
	struct db_audit	ev = { .org_id = org, .action = action,
			    .target_member_id = member,
			    .target_user_name = user_name,
			    .detail = "{\"by\":\"operator\"}" };
	struct err	e = { 0 };

	assert_int_equal(db_audit_insert(h_conn, &ev, &e), 0);
}

static size_t
count(const char *org, const struct audit_query *q)
{
	struct audit_row	*r;
	size_t			 n;
	struct err		 e = { 0 };

	assert_int_equal(db_audit_list(&r, &n, h_conn, &A, org, q, &e), 0);
	return n;
}

static void
test_pg_admin__audit_list_filters(void **state)
{
	const char		*org = h_org(&A, "audit"), *other = h_org(&A, "y");
	const char		*m;
	struct audit_query	 q = { .limit = 100 };
	struct audit_row	*r;
	size_t			 n;
	struct err		 e = { 0 };

	(void)state;
	m = h_value(&A, "INSERT INTO members (org_id, user_name, resource) VALUES "
	    "('%s', 'now@audit.test', '{}') RETURNING id", org);
	event(org, "member.provisioned", m, "then@audit.test");
	event(org, "member.role_changed", NULL, "Gone@audit.test");
	event(org, "guard.refused", NULL, NULL);
	event(other, "member.provisioned", NULL, "then@audit.test");

	assert_int_equal(db_audit_list(&r, &n, h_conn, &A, org, &q, &e), 0);
	assert_int_equal(n, 3);
	assert_true(r[0].id < r[1].id && r[1].id < r[2].id);
	assert_string_equal(r[0].action, "member.provisioned");
	assert_string_equal(r[0].target_member_id, m);
	assert_string_equal(r[0].target_user_name, "then@audit.test");
	assert_null(r[0].actor_token_id);
	assert_string_equal(r[0].detail, "{\"by\": \"operator\"}");
	assert_int_equal(strlen(r[0].at), 27);	/* microseconds, UTC */
	assert_null(r[2].target_user_name);

	/* A target is the member id, the recorded or the current userName. */
	q.target = m;
	assert_int_equal(count(org, &q), 1);
	q.target = "NOW@audit.test";
	assert_int_equal(count(org, &q), 1);
	q.target = "gone@audit.test";
	assert_int_equal(count(org, &q), 1);
	q.target = NULL;
	q.action = "guard.refused";
	assert_int_equal(count(org, &q), 1);
	q.action = NULL;
	q.limit = 2;
	assert_int_equal(count(org, &q), 2);
	q.limit = 100;
	q.since = "2999-01-01T00:00:00Z";
	assert_int_equal(count(org, &q), 0);
	q.since = NULL;
	q.until = "2000-01-01T00:00:00Z";
	assert_int_equal(count(org, &q), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_admin__domain_settings_kept_when_negative),
		cmocka_unit_test(test_pg_admin__revoke_once_per_org),
		cmocka_unit_test(test_pg_admin__group_role_and_owner),
		cmocka_unit_test(test_pg_admin__operator_token_auth),
		cmocka_unit_test(test_pg_admin__audit_list_filters),
	};

	return cmocka_run_group_tests(tests, h_group_setup, teardown);
}
