/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_provision.c
 *
 * The statements a SCIM provision is made of, against a real PostgreSQL:
 * the member inserted with its person in one statement (the same person
 * as db_person_upsert's, nothing left behind by a refused insert) that
 * also tells whether either address has a pending invitation, the policy
 * read with the domain verdicts, and the pending invitation of the
 * userName preferred to the email's. Each is one round trip. Needs SCIMD_TEST_DATABASE_URL (pg_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/conn_int.h"
#include "storage/db.h"
#include "storage/invite.h"
#include "storage/member.h"

#include "pg_harness.h"

static void
write_named(struct db_member_write *w, const char *user_name)
{
	memset(w, 0, sizeof(*w));
	w->user_name = user_name;
	w->email = user_name;
	w->active = 1;
	w->resource = "{}";
}

static void
test_pg__insert_person_links_the_person(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	const char		*person = NULL;
	struct db_member_write	 w;
	struct member_row	 m, n, k;
	long long		 before;
	int			 invited = -1;

	(void)state;
	write_named(&w, "Ann@Prov.test");
	before = h_conn->nexec;
	h_ok(db_member_insert_person(&m, &invited, h_conn, &a, org,
	    "Ann@Prov.test", &w, &e), &e);
	assert_int_equal(h_conn->nexec - before, 1);
	assert_int_equal(invited, 0);
	assert_non_null(m.person_id);
	assert_string_equal(m.user_name, "Ann@Prov.test");
	assert_string_equal(h_value(&a, "SELECT email FROM users WHERE id = "
	    "'%s'", m.person_id), "ann@prov.test");
	/* The same person as db_person_upsert finds, whatever the case. */
	h_ok(db_person_upsert(&person, h_conn, &a, "ANN@prov.test", &e), &e);
	assert_string_equal(person, m.person_id);
	write_named(&w, "ann@prov.test");
	h_ok(db_member_insert_person(&n, &invited, h_conn, &a, other,
	    "aNN@PROV.test", &w, &e), &e);
	assert_string_equal(n.person_id, m.person_id);
	/* NULL: a new person of the member's own, every time. */
	write_named(&w, "kiosk");
	h_ok(db_member_insert_person(&k, &invited, h_conn, &a, org, NULL, &w,
	    &e), &e);
	assert_non_null(k.person_id);
	assert_string_not_equal(k.person_id, m.person_id);
	assert_string_equal(h_value(&a, "SELECT email IS NULL FROM users "
	    "WHERE id = '%s'", k.person_id), "t");
	arena_free(&a);
}

static void
test_pg__insert_person_taken_leaves_nothing(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct db_member_write	 w;
	struct member_row	 m;
	int			 invited;

	(void)state;
	h_new_member(&a, org, "Bo@prov.test");
	write_named(&w, "bo@PROV.test");
	assert_int_equal(db_member_insert_person(&m, &invited, h_conn, &a, org,
	    "fresh@prov.test", &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	if (strstr(e.detail, "bo@PROV.test") == NULL)
		fail_msg("detail does not name the userName: %s", e.detail);
	/* The person of the refused insert went with it. */
	assert_string_equal(h_value(&a, "SELECT count(*) FROM users "
	    "WHERE email = 'fresh@prov.test'"), "0");
	h_ok(db_ping(h_conn, &e), &e);
	arena_free(&a);
}

static struct db_provision_policy
policy(const char *org, const char *d0, const char *d1)
{
	struct db_provision_policy	 pp;
	struct err			 e = { 0 };
	long long			 before = h_conn->nexec;

	memset(&pp, 0xff, sizeof(pp));
	h_ok(db_provision_policy(&pp, h_conn, org, d0, d1, &e), &e);
	assert_int_equal(h_conn->nexec - before, 1);
	return pp;
}

static void
invite(const char *org, const char *email, const char *role,
    const char *state)
{
	h_execf("INSERT INTO invitations (org_id, email, role, token_selector, "
	    "token_hash, state, expires_at) VALUES ('%s', '%s', '%s', "
	    "gen_random_uuid()::text, '\\x00', '%s', now() + interval '1 day')",
	    org, email, role, state);
}

static void
test_pg__provision_policy(void **state)
{
	struct arena			 a = { 0 };
	struct err			 e = { 0 };
	const char			*org = h_org(&a, "policy");
	struct db_provision_policy	 pp;

	(void)state;
	h_execf("INSERT INTO org_domains (org_id, domain, verified) VALUES "
	    "('%s', 'ok.test', true), ('%s', 'wait.test', false)", org, org);
	pp = policy(org, "OK.test", "wait.test");
	assert_int_equal(pp.allow_outside_members, 0);
	assert_int_equal(pp.seat_limit, -1);
	assert_int_equal(pp.verified[0], 1);
	assert_int_equal(pp.verified[1], 0);
	pp = policy(org, NULL, "other.test");
	assert_int_equal(pp.verified[0], 0);
	assert_int_equal(pp.verified[1], 0);
	h_execf("UPDATE orgs SET allow_outside_members = true, seat_limit = 7 "
	    "WHERE id = '%s'", org);
	pp = policy(org, "ok.test", "ok.test");
	assert_int_equal(pp.allow_outside_members, 1);
	assert_int_equal(pp.seat_limit, 7);
	assert_int_equal(pp.verified[1], 1);
	assert_int_equal(db_provision_policy(&pp, h_conn, h_random_uuid, NULL,
	    NULL, &e), -1);
	assert_int_equal(e.status, 404);
	arena_free(&a);
}

/* Whether the insert of user_name (primary email `email`) saw one. */
static int
invited_on_insert(const char *org, const char *user_name, const char *email)
{
	struct err		 e = { 0 };
	struct db_member_write	 w;
	struct member_row	 m;
	int			 invited = -1;

	write_named(&w, user_name);
	w.email = email;
	h_ok(db_member_insert_person(&m, &invited, h_conn, &h_arena, org, NULL,
	    &w, &e), &e);
	return invited;
}

static void
test_pg__insert_person_sees_the_invitation(void **state)
{
	struct arena	 a = { 0 };
	const char	*org = h_org(&a, "invited");

	(void)state;
	invite(org, "Pending@ok.test", "admin", "pending");
	invite(org, "gone@ok.test", "admin", "cancelled");
	invite(h_org(&a, "other"), "elsewhere@ok.test", "admin", "pending");
	assert_int_equal(invited_on_insert(org, "PENDING@ok.test", NULL), 1);
	assert_int_equal(invited_on_insert(org, "kiosk",
	    "pending@OK.test"), 1);
	assert_int_equal(invited_on_insert(org, "gone@ok.test",
	    "x@ok.test"), 0);
	/* Another org's invitation is not this one's. */
	assert_int_equal(invited_on_insert(org, "elsewhere@ok.test", NULL), 0);
	arena_free(&a);
}

static void
test_pg__pending_of_prefers_the_first(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_org(&a, "pending");
	struct invite_row	 r;
	int			 found = -1;
	long long		 before;

	(void)state;
	invite(org, "name@p.test", "admin", "pending");
	invite(org, "mail@p.test", "viewer", "pending");
	before = h_conn->nexec;
	h_ok(db_invite_pending_of(&r, &found, h_conn, &a, org, "NAME@p.test",
	    "mail@p.test", &e), &e);
	assert_int_equal(h_conn->nexec - before, 1);
	assert_int_equal(found, 1);
	assert_string_equal(r.email, "name@p.test");
	assert_string_equal(r.role, "admin");
	/* The first has none: the second's. */
	h_ok(db_invite_pending_of(&r, &found, h_conn, &a, org, "kiosk",
	    "MAIL@p.test", &e), &e);
	assert_int_equal(found, 1);
	assert_string_equal(r.email, "mail@p.test");
	/* No second address: only the first's. */
	h_ok(db_invite_pending_of(&r, &found, h_conn, &a, org, "kiosk", NULL,
	    &e), &e);
	assert_int_equal(found, 0);
	h_ok(db_invite_pending_of(&r, &found, h_conn, &a, org, "mail@p.test",
	    NULL, &e), &e);
	assert_int_equal(found, 1);
	assert_string_equal(r.role, "viewer");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__insert_person_links_the_person),
		cmocka_unit_test(test_pg__insert_person_taken_leaves_nothing),
		cmocka_unit_test(test_pg__provision_policy),
		cmocka_unit_test(test_pg__insert_person_sees_the_invitation),
		cmocka_unit_test(test_pg__pending_of_prefers_the_first),
	};

	return cmocka_run_group_tests(tests, h_group_setup,
	    h_group_teardown);
}
