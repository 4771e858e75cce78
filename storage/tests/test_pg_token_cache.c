/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_token_cache.c
 *
 * Token authentication through the per-process cache (db_token_auth,
 * storage/token_cache.c) against a real PostgreSQL: a second lookup sends
 * no statement; last_used_at updates keep the cache; a revocation or a
 * deleted token, written by another connection, is refused by the next
 * lookup; with the listening connection killed nothing is served from
 * the cache, and it comes back by itself. Needs SCIMD_TEST_DATABASE_URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "storage/conn_int.h"
#include "storage/org.h"

#include "pg_harness.h"

static const char	*org;

static int
setup(void **state)
{
	(void)state;
	setenv("SCIMD_TOKEN_CACHE_TTL", "10", 1);
	if (h_setup() == -1)
		return -1;
	org = h_new_org(&h_arena);
	return 0;
}

/* A new token of org; its hash (64 hex digits, from n) in *hash. */
static const char *
new_token(const char **hash, int n)
{
	struct err	 e = { 0 };
	const char	*id;

	*hash = arena_printf(&h_arena, "%064x", n);
	h_ok(db_token_insert(&id, h_conn, &h_arena, org, "t", *hash, NULL, &e),
	    &e);
	return id;
}

/* Authenticates hash; returns the statements it sent, -401 when refused. */
static long long
auth(const char *hash, const char *want_id)
{
	struct db_token	 t;
	struct err	 e = { 0 };
	long long	 before = h_conn->nexec;

	if (db_token_auth(&t, h_conn, &h_arena, hash, &e) == -1) {
		if (e.status != 401)
			fail_msg("token auth: %d %s", e.status, e.detail);
		return -401;
	}
	assert_string_equal(t.id, want_id);
	assert_string_equal(t.org_id, org);
	return h_conn->nexec - before;
}

/* Lets a NOTIFY committed just now reach the listening connection. */
static void
settle(void)
{
	usleep(200 * 1000);
}

static void
test_token_cache__hit_then_revoked(void **state)
{
	const char	*hash, *id;

	(void)state;
	id = new_token(&hash, 1);
	/* The first lookup reads the token and records its use. */
	assert_int_equal(auth(hash, id), 2);
	settle();
	/* last_used_at changed without a NOTIFY: the cache still answers. */
	assert_int_equal(auth(hash, id), 0);
	assert_int_equal(auth(hash, id), 0);
	h_execf("UPDATE scim_tokens SET revoked_at = now() WHERE id = '%s'", id);
	settle();
	assert_int_equal(auth(hash, id), -401);
}

static void
test_token_cache__deleted_token(void **state)
{
	const char	*hash, *id;

	(void)state;
	id = new_token(&hash, 2);
	auth(hash, id);
	assert_int_equal(auth(hash, id), 0);
	h_execf("DELETE FROM scim_tokens WHERE id = '%s'", id);
	settle();
	assert_int_equal(auth(hash, id), -401);
}

/* Waits until no backend of the token cache's listener is left. */
static void
kill_listener(void)
{
	int	i;

	h_execf("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'scimd-tokens' AND datname = current_database()");
	for (i = 0; i < 100; i++) {
		if (strcmp(h_value(&h_arena, "SELECT count(*) FROM pg_stat_activity "
		    "WHERE application_name = 'scimd-tokens' AND datname = "
		    "current_database()"), "0") == 0)
			break;
		usleep(20 * 1000);
	}
	settle();
}

static void
test_token_cache__listener_down(void **state)
{
	const char	*hash, *id;

	(void)state;
	id = new_token(&hash, 3);
	auth(hash, id);
	assert_int_equal(auth(hash, id), 0);
	kill_listener();
	/* No NOTIFY can reach this process now: the revocation is read. */
	h_execf("UPDATE scim_tokens SET revoked_at = now() WHERE id = '%s'", id);
	assert_int_equal(auth(hash, id), -401);
	/*
	 * Reconnecting is tried at most once a second: after that the next
	 * lookup listens again, and the cache serves again.
	 */
	usleep(1100 * 1000);
	id = new_token(&hash, 4);
	assert_int_equal(auth(hash, id), 2);
	assert_int_equal(auth(hash, id), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_cache__hit_then_revoked),
		cmocka_unit_test(test_token_cache__deleted_token),
		cmocka_unit_test(test_token_cache__listener_down),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
