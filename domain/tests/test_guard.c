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

#include "domain/guard.h"

/* What dom_guard_check must answer for one combination of facts. */
static int
expected_status(const struct dom_guard_facts *f)
{
	if (f->t != DOM_T_NONE && f->target_is_owner)
		return 409;
	if ((f->t == DOM_T_DEACTIVATE || f->t == DOM_T_REMOVE) &&
	    f->target_is_token_admin)
		return 403;
	if (f->managers_before > 0 && f->managers_after <= 0)
		return 409;
	return 0;
}

static void
test_guard__exhaustive_table(void **state)
{
	static const enum dom_transition ts[] = { DOM_T_NONE, DOM_T_DEACTIVATE,
		DOM_T_REMOVE, DOM_T_DEMOTE };
	struct dom_guard_facts	f;
	size_t			t;
	int			owner, self, before, after, n = 0;

	(void)state;
	for (t = 0; t < sizeof(ts) / sizeof(ts[0]); t++)
	for (owner = 0; owner <= 1; owner++)
	for (self = 0; self <= 1; self++)
	for (before = 0; before <= 2; before++)
	for (after = 0; after <= before; after++) {
		struct err	e = { 0 };
		int		want, rc;

		memset(&f, 0, sizeof(f));
		f.t = ts[t];
		f.target_is_owner = owner;
		f.target_is_token_admin = self;
		f.managers_before = before;
		f.managers_after = after;
		want = expected_status(&f);
		rc = dom_guard_check(&f, &e);
		assert_int_equal(rc, want ? -1 : 0);
		assert_int_equal(e.status, want);
		n++;
	}
	assert_int_equal(n, 4 * 2 * 2 * 6);
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
	assert_string_equal(dom_guard_email_domain("a@b@c.test", NULL), "c.test");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard__exhaustive_table),
		cmocka_unit_test(test_guard__owner_detail),
		cmocka_unit_test(test_guard__org_without_managers_can_still_change),
		cmocka_unit_test(test_guard__email_domain),
		cmocka_unit_test(test_guard__seats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
