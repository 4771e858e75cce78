/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_invite_rule.c
 *
 * Unit tests of the invitation rules without a database
 * (domain/invite_int.h): tokens (format, selector, hash, constant-time
 * match) and the verdicts on an invitation or link in every state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/invite_int.h"

static void
test_invite_rule__token_roundtrip(void **state)
{
	struct arena		a = { 0 };
	struct dom_invite_token	t, r;
	struct err		e = { 0 };
	int			is_link = -1;

	(void)state;
	assert_int_equal(dom_invite_token_new(&t, &a, DOM_LINK_PREFIX, &e), 0);
	assert_int_equal(strncmp(t.token, "invl_", 5), 0);
	/* 43 base64url characters: 256 random bits, well over 128. */
	assert_int_equal(strlen(t.token), 5 + 43);
	assert_int_equal(strlen(t.selector), DOM_INVITE_SELECTOR_LEN);
	assert_int_equal(dom_invite_token_read(&r, &is_link, &a, t.token, &e), 0);
	assert_int_equal(is_link, 1);
	assert_string_equal(r.selector, t.selector);
	assert_true(dom_invite_token_matches(t.hash, r.hash));
	assert_int_equal(dom_invite_token_new(&t, &a, DOM_INVITE_PREFIX, &e), 0);
	assert_int_equal(dom_invite_token_read(&r, &is_link, &a, t.token, &e), 0);
	assert_int_equal(is_link, 0);
	arena_free(&a);
}

static void
test_invite_rule__token_malformed(void **state)
{
	static const char *const bad[] = { "", "inv_", "inv_short", "sess_abc",
	    "invx_AAAAAAAAAAAAAAAAAAAA", "INV_AAAAAAAAAAAAAAAAAAAA" };
	struct arena		a = { 0 };
	struct dom_invite_token	r;
	size_t			i;
	int			is_link;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct err	e = { 0 };

		assert_int_equal(dom_invite_token_read(&r, &is_link, &a, bad[i],
		    &e), -1);
		assert_int_equal(e.status, 404);
	}
	arena_free(&a);
}

static void
test_invite_rule__hash_mismatch(void **state)
{
	char	h[DOM_SECRET_HASH_HEX];

	(void)state;
	memset(h, 'a', sizeof(h) - 1);
	h[sizeof(h) - 1] = '\0';
	assert_true(dom_invite_token_matches(h, h));
	assert_false(dom_invite_token_matches(NULL, h));
	assert_false(dom_invite_token_matches("abc", h));
	h[63] = 'b';
	assert_false(dom_invite_token_matches(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", h));
}

static void
test_invite_rule__invitation_states(void **state)
{
	static const struct {
		const char	*st;
		int		 expired;
		const char	*email;
		int		 status;
	} cases[] = {
		{ "pending", 0, "a@x.test", 0 },
		{ "pending", 0, "A@X.test", 0 },
		{ "pending", 0, "b@x.test", 403 },
		{ "pending", 1, "a@x.test", 410 },
		{ "accepted", 0, "a@x.test", 410 },
		{ "cancelled", 0, "a@x.test", 410 },
		{ "reinvited", 0, "a@x.test", 410 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct invite_row	r = { .state = cases[i].st,
					    .expired = cases[i].expired,
					    .email = "a@x.test", .expires = "t" };
		struct err		e = { 0 };

		assert_int_equal(dom_invite_verdict(&r, cases[i].email, &e),
		    cases[i].status ? -1 : 0);
		assert_int_equal(e.status, cases[i].status);
	}
}

static void
test_invite_rule__link_limits(void **state)
{
	static const char *domains[] = { "x.test", "y.test" };
	static const struct {
		const char	*revoked;
		int		 expired;
		long long	 max, uses;
		size_t		 nd;
		const char	*email;
		int		 status;
	} cases[] = {
		{ NULL, 0, -1, 100, 0, "a@any.test", 0 },
		{ NULL, 0, 3, 2, 2, "a@Y.test", 0 },
		{ NULL, 0, 3, 3, 0, "a@x.test", 410 },
		{ NULL, 0, -1, 0, 2, "a@z.test", 403 },
		{ NULL, 0, -1, 0, 2, "no-domain", 403 },
		{ NULL, 1, -1, 0, 0, "a@x.test", 410 },
		{ "t", 0, -1, 0, 0, "a@x.test", 410 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct invite_link_row	r = { .revoked = cases[i].revoked,
					    .expired = cases[i].expired,
					    .max_uses = cases[i].max,
					    .uses = cases[i].uses,
					    .domains = domains,
					    .ndomains = cases[i].nd,
					    .expires = "t" };
		struct err		e = { 0 };

		assert_int_equal(dom_invite_link_verdict(&r, cases[i].email, &e),
		    cases[i].status ? -1 : 0);
		assert_int_equal(e.status, cases[i].status);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invite_rule__token_roundtrip),
		cmocka_unit_test(test_invite_rule__token_malformed),
		cmocka_unit_test(test_invite_rule__hash_mismatch),
		cmocka_unit_test(test_invite_rule__invitation_states),
		cmocka_unit_test(test_invite_rule__link_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
