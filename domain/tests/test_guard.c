/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_guard.c
 *
 * The guards as fact tables: every combination of transition, owner,
 * token admin and manager counts, against the expected verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/schema.h"
#include "domain/guard.h"

/*
 * The verdicts written out, not computed: each row is a case someone could
 * get wrong, with the answer the issue asks for.
 */
static const struct {
	enum dom_transition	t;
	int			owner, self;
	long long		before, after;
	int			status;
} table[] = {
	/* Owner: never deactivated, removed or demoted; 409 before anything. */
	{ DOM_T_DEACTIVATE,	1, 0, 3, 2, 409 },
	{ DOM_T_REMOVE,		1, 0, 3, 2, 409 },
	{ DOM_T_DEMOTE,		1, 0, 3, 2, 409 },
	{ DOM_T_REMOVE,		1, 1, 1, 0, 409 },	/* owner wins over self */
	{ DOM_T_NONE,		1, 1, 1, 1, 0 },	/* a profile edit is fine */
	/* Self: the token's own admin is not deactivated, removed or demoted. */
	{ DOM_T_DEACTIVATE,	0, 1, 3, 2, 403 },
	{ DOM_T_REMOVE,		0, 1, 3, 2, 403 },
	{ DOM_T_REMOVE,		0, 1, 1, 0, 403 },	/* self before last manager */
	{ DOM_T_DEMOTE,		0, 1, 3, 2, 403 },	/* demoting is the first step to removing */
	{ DOM_T_DEMOTE,		0, 1, 1, 0, 403 },	/* self before last manager */
	{ DOM_T_NONE,		0, 1, 1, 1, 0 },	/* a profile edit of oneself is fine */
	/* Last manager: a change that takes the count to zero. */
	{ DOM_T_DEACTIVATE,	0, 0, 1, 0, 409 },
	{ DOM_T_REMOVE,		0, 0, 1, 0, 409 },
	{ DOM_T_DEMOTE,		0, 0, 1, 0, 409 },
	{ DOM_T_REMOVE,		0, 0, 2, 1, 0 },
	{ DOM_T_DEMOTE,		0, 0, 2, 1, 0 },
	/* An org with no manager yet can still be changed. */
	{ DOM_T_REMOVE,		0, 0, 0, 0, 0 },
	{ DOM_T_DEACTIVATE,	0, 0, 0, 0, 0 },
	/* Not a manager: counts unchanged. */
	{ DOM_T_REMOVE,		0, 0, 1, 1, 0 },
};

static void
test_guard__table(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct dom_guard_facts	f = { 0 };
		struct err		e = { 0 };
		int			rc;

		f.t = table[i].t;
		f.target_is_owner = table[i].owner;
		f.target_is_token_admin = table[i].self;
		f.managers_before = table[i].before;
		f.managers_after = table[i].after;
		rc = dom_guard_check(&f, &e);
		if (e.status != table[i].status)
			fail_msg("row %zu: status %d, want %d (%s)", i, e.status,
			    table[i].status, e.detail);
		assert_int_equal(rc, table[i].status ? -1 : 0);
	}
}

static void
test_guard__owner_detail(void **state)
{
	struct dom_guard_facts	f = { .t = DOM_T_REMOVE, .target_is_owner = 1,
				    .managers_before = 2, .managers_after = 1 };
	struct err		e = { 0 };

	(void)state;
	assert_int_equal(dom_guard_check(&f, &e), -1);
	assert_string_equal(e.detail, "the organization owner cannot be "
	    "removed; transfer ownership first");
	f.t = DOM_T_DEACTIVATE;
	assert_int_equal(dom_guard_check(&f, &e), -1);
	assert_non_null(strstr(e.detail, "cannot be deactivated"));
}

static void
test_guard__org_without_managers_can_still_change(void **state)
{
	/* An org whose members all come from the IdP may have no manager yet. */
	struct dom_guard_facts	f = { .t = DOM_T_REMOVE };
	struct err		e = { 0 };

	(void)state;
	assert_int_equal(dom_guard_check(&f, &e), 0);
}

static void
test_guard__email_domain(void **state)
{
	(void)state;
	assert_string_equal(dom_guard_email_domain("a@x.test", NULL), "x.test");
	assert_string_equal(dom_guard_email_domain("a@x.test", "b@y.test"), "x.test");
	assert_string_equal(dom_guard_email_domain("kiosk-7", "b@y.test"), "y.test");
	assert_null(dom_guard_email_domain("kiosk-7", NULL));
	assert_null(dom_guard_email_domain("@", NULL));
	assert_null(dom_guard_email_domain("a@", "bad"));
	/* More than one '@' vouches for no domain, not the last one's. */
	assert_null(dom_guard_email_domain("evil@attacker.example@a.example", NULL));
	assert_string_equal(dom_guard_email_domain("a@b@c.test", "d@y.test"), "y.test");
}

static void
test_guard__seats(void **state)
{
	struct err	e = { 0 };

	(void)state;
	assert_int_equal(dom_guard_seat(5, -1, &e), 0);
	assert_int_equal(dom_guard_seat(4, 5, &e), 0);
	assert_int_equal(dom_guard_seat(5, 5, &e), -1);
	assert_int_equal(e.status, 403);
	assert_int_equal(dom_guard_seat(0, 0, &e), -1);
}

static void
test_guard__roles(void **state)
{
	static const char *const bad[] = { "superuser", "Admin", "", "owner ",
	    NULL };
	struct err	e = { 0 };
	size_t		i;

	(void)state;
	assert_int_equal(dom_guard_role_valid("owner", &e), 0);
	assert_int_equal(dom_guard_role_valid("admin", &e), 0);
	assert_int_equal(dom_guard_role_valid("member", &e), 0);
	assert_int_equal(dom_guard_role_valid("viewer", &e), 0);
	for (i = 0; bad[i] != NULL; i++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(dom_guard_role_valid(bad[i], &e), -1);
		assert_int_equal(e.status, 400);
		assert_int_equal(e.type, ST_INVALID_VALUE);
		assert_non_null(strstr(e.detail, "\"viewer\""));
	}
	assert_int_equal(dom_guard_role_valid(NULL, &e), -1);
	/* The stronger of the direct role and the group's wins. */
	assert_string_equal(schema_role_held("member", NULL), "member");
	assert_string_equal(schema_role_held("viewer", "member"), "member");
	assert_string_equal(schema_role_held("member", "admin"), "admin");
	assert_string_equal(schema_role_held("admin", "member"), "admin");
	assert_string_equal(schema_role_held("owner", "admin"), "owner");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard__table),
		cmocka_unit_test(test_guard__owner_detail),
		cmocka_unit_test(test_guard__org_without_managers_can_still_change),
		cmocka_unit_test(test_guard__email_domain),
		cmocka_unit_test(test_guard__seats),
		cmocka_unit_test(test_guard__roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
